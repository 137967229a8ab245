// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of peer_name.hpp.
#include "auth/peer_name.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::auth {
namespace {

std::string numeric_address(const sockaddr* address, socklen_t length) {
    char text[NI_MAXHOST] = "?";
    ::getnameinfo(address, length, text, sizeof text, nullptr, 0, NI_NUMERICHOST);
    return text;
}

}  // namespace

Result<std::string> peer_host_name(int socket_fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return make_error(ExitCode::connect_failed, strings::format("Failed to look up peer address using socket \"%d\": %s.",
                                                                   socket_fd, std::strerror(errno)));
    if (address.ss_family != AF_INET && address.ss_family != AF_INET6)
        return make_error(ExitCode::connect_failed,
                          strings::format("Failed to look up peer address using socket \"%d\": not an IP connection; "
                                          "name the server with ,auth=NAME.",
                                          socket_fd));
    const auto* peer = reinterpret_cast<const sockaddr*>(&address);
    std::string numeric = numeric_address(peer, length);
    char host[NI_MAXHOST];
    int rc = ::getnameinfo(peer, length, host, sizeof host, nullptr, 0, NI_NAMEREQD);
    if (rc != 0)
        return make_error(ExitCode::connect_failed, strings::format("Failed to look up host by address \"%s\": %s.",
                                                                   numeric.c_str(), ::gai_strerror(rc)));
    DCC_INFO("Successfully looked up host %s using IP address %s.", host, numeric.c_str());
    return std::string(host);
}

}  // namespace dcc::auth
