// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of listener.hpp (upstream dcc_socket_listen / dcc_listen_by_addr).
#include "daemon/listener.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/strings.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {
namespace {

constexpr int k_backlog = 1024;

Result<ListenSocket> bind_address(const sockaddr* address, socklen_t length, bool defer_accept, bool dual_stack) {
    PeerAddress shown;
    std::memcpy(&shown.storage, address, length);
    shown.length = length;
    std::string description = describe_peer(shown);
    UniqueFd fd(::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        return make_error(ExitCode::bind_failed, strings::format("socket failed: %s", std::strerror(errno)));
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (dual_stack) {
        int zero = 0;
        ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    }
    if (::bind(fd.get(), address, length) != 0)
        return make_error(ExitCode::bind_failed,
                          strings::format("bind of %s failed: %s", description.c_str(), std::strerror(errno)));
    if (::listen(fd.get(), k_backlog) != 0)
        return make_error(ExitCode::bind_failed,
                          strings::format("listen on %s failed: %s", description.c_str(), std::strerror(errno)));
    if (defer_accept) {
        // Hand a connection over only once its first bytes arrived (value 1, as upstream).
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_DEFER_ACCEPT, &one, sizeof one);
    }
    return ListenSocket{std::move(fd), description};
}

Result<ListenSocket> listen_any(int port, bool defer_accept) {
    sockaddr_in6 any6{};
    any6.sin6_family = AF_INET6;
    any6.sin6_addr = in6addr_any;
    any6.sin6_port = htons(static_cast<uint16_t>(port));
    auto dual = bind_address(reinterpret_cast<sockaddr*>(&any6), sizeof any6, defer_accept, true);
    if (dual) return dual;
    sockaddr_in any4{};
    any4.sin_family = AF_INET;
    any4.sin_addr.s_addr = htonl(INADDR_ANY);
    any4.sin_port = htons(static_cast<uint16_t>(port));
    auto v4 = bind_address(reinterpret_cast<sockaddr*>(&any4), sizeof any4, defer_accept, false);
    // Report the IPv6 failure when IPv4 fails the same way (the port is taken).
    return v4 ? std::move(v4) : std::move(dual);
}

}  // namespace

Result<ListenSocket> listen_on(const std::string& address, int port, bool defer_accept) {
    if (address.empty()) return listen_any(port, defer_accept);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
    if (rc != 0)
        return make_error(ExitCode::bind_failed, strings::format("getaddrinfo failed for host %s service %s: %s",
                                                                 address.c_str(), service.c_str(), gai_strerror(rc)));
    auto result = bind_address(found->ai_addr, found->ai_addrlen, defer_accept, false);
    ::freeaddrinfo(found);
    return result;
}

}  // namespace dcc::daemon
