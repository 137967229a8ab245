// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_check.hpp (upstream lsdistcc's per-server states:
// connecting, sending the probe, reading the reply).
#include "tools/lsdistcc/host_check.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dcc::tools::lsdistcc {

HostCheck::HostCheck(const Address& address, const CheckSettings& settings)
    : m_address(address), m_settings(settings), m_reply(settings.protocol) {}

void HostCheck::start(int64_t now_ms) {
    m_started_ms = now_ms;
    m_deadline_ms = now_ms + m_settings.connect_timeout_ms;
    sockaddr_storage sa{};
    socklen_t length = m_address.to_sockaddr(m_settings.port, sa);
    m_fd.reset(::socket(m_address.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!m_fd) return finish(false, now_ms, std::string("socket failed: ") + std::strerror(errno));
    if (::connect(m_fd.get(), reinterpret_cast<sockaddr*>(&sa), length) == 0) return connected(now_ms);
    if (errno != EINPROGRESS) return finish(false, now_ms, std::strerror(errno));
    m_state = State::connecting;
}

short HostCheck::events() const {
    switch (m_state) {
    case State::connecting:
    case State::sending: return POLLOUT;
    case State::receiving: return POLLIN;
    default: return 0;
    }
}

void HostCheck::on_ready(short revents, int64_t now_ms) {
    if (m_state == State::connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(m_fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
        if (error != 0) return finish(false, now_ms, std::strerror(error));
        return connected(now_ms);
    }
    if (m_state == State::sending) return send_some(now_ms);
    if (m_state == State::receiving && (revents & (POLLIN | POLLHUP | POLLERR))) return receive_some(now_ms);
}

void HostCheck::on_deadline(int64_t now_ms) {
    if (m_state == State::done) return;
    finish(false, now_ms, m_state == State::connecting ? "connect timed out" : "compile probe timed out");
}

void HostCheck::connected(int64_t now_ms) {
    if (m_settings.request.empty()) return finish(true, now_ms);
    m_state = State::sending;
    m_deadline_ms = now_ms + m_settings.compile_timeout_ms;
    send_some(now_ms);
}

void HostCheck::send_some(int64_t now_ms) {
    const std::string& request = m_settings.request;
    ssize_t n = ::send(m_fd.get(), request.data() + m_sent, request.size() - m_sent, MSG_NOSIGNAL);
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        return finish(false, now_ms, std::string("sending the probe failed: ") + std::strerror(errno));
    }
    m_sent += static_cast<std::size_t>(n);
    if (m_sent == request.size()) m_state = State::receiving;
}

void HostCheck::receive_some(int64_t now_ms) {
    char buf[4096];
    ssize_t n = ::recv(m_fd.get(), buf, sizeof buf, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        return finish(false, now_ms, std::string("reading the reply failed: ") + std::strerror(errno));
    }
    ProbeVerdict verdict = n == 0 ? m_reply.end_of_stream() : m_reply.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    if (verdict == ProbeVerdict::up) finish(true, now_ms);
    if (verdict == ProbeVerdict::down) finish(false, now_ms, "the compile probe failed");
}

void HostCheck::finish(bool up, int64_t now_ms, std::string why) {
    m_state = State::done;
    m_up = up;
    m_latency_ms = static_cast<long>(now_ms - m_started_ms);
    m_why = std::move(why);
    m_fd.reset();
}

}  // namespace dcc::tools::lsdistcc
