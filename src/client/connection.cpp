// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of connection.hpp (upstream clinet.c and ssh.c).  Numeric addresses
// are parsed with inet_pton, so a job to "127.0.0.1" never loads the resolver's NSS
// modules; names go through getaddrinfo and every address is tried in turn.
#include "client/connection.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/exec.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

constexpr std::size_t k_max_ssh_extra_words = 12;

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
    std::string text;  // "127.0.0.1:3632", for messages
};

bool numeric_address(const std::string& host, int port, Address& out) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(port));
        out.length = sizeof *v4;
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(port));
        out.length = sizeof *v6;
    } else {
        return false;
    }
    out.text = strings::format("%s:%d", host.c_str(), port);
    return true;
}

Result<std::vector<Address>> resolve(const std::string& host, int port) {
    Address numeric;
    if (numeric_address(host, port, numeric)) return std::vector<Address>{numeric};
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
    if (rc != 0)
        return make_error(ExitCode::connect_failed, strings::format("failed to resolve host %s port %d: %s",
                                                                    host.c_str(), port, ::gai_strerror(rc)));
    std::vector<Address> out;
    for (addrinfo* a = found; a; a = a->ai_next) {
        Address address;
        std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
        address.length = a->ai_addrlen;
        char text[INET6_ADDRSTRLEN] = "?";
        const void* raw = a->ai_family == AF_INET6
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr);
        ::inet_ntop(a->ai_family, raw, text, sizeof text);
        address.text = strings::format("%s:%d", text, port);
        out.push_back(std::move(address));
    }
    ::freeaddrinfo(found);
    return out;
}

// Upstream dcc_connect_by_addr: non-blocking connect, then wait for writability.
Result<UniqueFd> connect_address(const Address& address, int timeout_ms) {
    UniqueFd fd(::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        return make_error(ExitCode::connect_failed, strings::format("failed to create socket: %s", std::strerror(errno)));
    int rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.length);
    for (int retry = 0; rc != 0 && errno == EAGAIN && retry < 3; ++retry) {
        ::usleep(500 * 1000);
        rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.length);
    }
    int error = rc == 0 ? 0 : errno;
    if (error == EINPROGRESS || error == EINTR) {
        pollfd p{fd.get(), POLLOUT, 0};
        int n;
        while ((n = ::poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {
        }
        if (n == 0)
            return make_error(ExitCode::connect_failed,
                              strings::format("timeout while connecting to %s", address.text.c_str()));
        socklen_t length = sizeof error;
        if (n < 0 || ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    }
    if (error != 0)
        return make_error(ExitCode::connect_failed, strings::format("nonblocking connect to %s failed: %s",
                                                                    address.text.c_str(), std::strerror(error)));
    return fd;
}

}  // namespace

Connection::Connection(Connection&& other) noexcept
    : m_read(std::move(other.m_read)),
      m_write(std::move(other.m_write)),
      m_tunnel(std::exchange(other.m_tunnel, -1)),
      m_cork_enabled(other.m_cork_enabled) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        m_read = std::move(other.m_read);
        m_write = std::move(other.m_write);
        m_tunnel = std::exchange(other.m_tunnel, -1);
        m_cork_enabled = other.m_cork_enabled;
    }
    return *this;
}

Connection::~Connection() { close(); }

Connection Connection::from_descriptors(UniqueFd read, UniqueFd write) {
    Connection c;
    c.m_read = std::move(read);
    c.m_write = std::move(write);
    return c;
}

Result<Connection> Connection::open_tcp(const std::string& host, int port, const TransportSettings& settings) {
    DCC_DEBUG("connecting to %s port %d", host.c_str(), port);
    auto addresses = resolve(host, port);
    if (!addresses) return std::move(addresses).error();
    Error last = make_error(ExitCode::connect_failed, strings::format("failed to look up host \"%s\"", host.c_str()));
    for (const Address& address : *addresses) {
        auto fd = connect_address(address, settings.connect_timeout_ms);
        if (fd) {
            Connection c;
            c.m_read = std::move(*fd);
            c.m_cork_enabled = settings.tcp_cork;
            return c;
        }
        last = std::move(fd).error();
        DCC_INFO("%s", last.message.c_str());
    }
    return last;
}

std::vector<std::string> ssh_tunnel_argv(const HostSpec& host, const std::string& ssh_command) {
    std::vector<std::string> words = strings::split_any(ssh_command, " ");
    if (words.empty()) words.push_back("ssh");
    if (words.size() > 1 + k_max_ssh_extra_words) words.resize(1 + k_max_ssh_extra_words);
    if (!host.user.empty()) {
        words.push_back("-l");
        words.push_back(host.user);
    }
    words.push_back(host.hostname);
    words.push_back(host.ssh_command());
    words.push_back("--inetd");
    words.push_back("--enable-tcp-insecure");
    return words;
}

Result<Connection> Connection::open_ssh(const HostSpec& host, const TransportSettings& settings) {
    int to_tunnel[2];
    int from_tunnel[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, to_tunnel) != 0)
        return make_error(ExitCode::io_error, strings::format("socketpair failed: %s", std::strerror(errno)));
    UniqueFd ours_write(to_tunnel[0]), theirs_read(to_tunnel[1]);
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, from_tunnel) != 0)
        return make_error(ExitCode::io_error, strings::format("socketpair failed: %s", std::strerror(errno)));
    UniqueFd ours_read(from_tunnel[0]), theirs_write(from_tunnel[1]);

    std::vector<std::string> argv = ssh_tunnel_argv(host, settings.ssh_command);
    DCC_DEBUG("starting tunnel: %s", strings::join(argv, " ").c_str());
    exec::SpawnOptions options;
    options.stdin_fd = theirs_read.get();
    options.stdout_fd = theirs_write.get();
    auto pid = exec::spawn(argv, options);
    if (!pid) return make_error(ExitCode::io_error, pid.error().message);
    DCC_TRY(io::set_nonblocking(ours_read.get(), true));
    DCC_TRY(io::set_nonblocking(ours_write.get(), true));
    Connection c;
    c.m_read = std::move(ours_read);
    c.m_write = std::move(ours_write);
    c.m_tunnel = *pid;
    return c;
}

Result<Connection> Connection::open(const HostSpec& host, const TransportSettings& settings) {
    if (host.mode == HostMode::ssh) return open_ssh(host, settings);
    return open_tcp(host.hostname, host.port, settings);
}

void Connection::cork(bool on) {
    if (!m_cork_enabled || !m_read || m_write) return;
    int value = on ? 1 : 0;
    if (::setsockopt(m_read.get(), IPPROTO_TCP, TCP_CORK, &value, sizeof value) != 0)
        DCC_DEBUG("setsockopt(TCP_CORK) failed: %s", std::strerror(errno));
}

void Connection::abort() {
    if (m_tunnel > 0) ::kill(m_tunnel, SIGTERM);
    close();
}

void Connection::close() {
    m_read.reset();
    m_write.reset();
    if (m_tunnel > 0) {
        auto status = exec::wait_for(m_tunnel);
        if (status && *status != 0) DCC_DEBUG("tunnel %s", exec::describe_status(*status).c_str());
        m_tunnel = -1;
    }
}

}  // namespace dcc::client
