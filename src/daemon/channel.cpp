// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of channel.hpp.
#include "daemon/channel.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

void copy_text(char* out, std::size_t size, const std::string& text) {
    std::size_t n = text.size() < size - 1 ? text.size() : size - 1;
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
}

}  // namespace

JobReport make_report(const JobOutcome& outcome, int accepted) {
    JobReport report;
    report.accepted = accepted;
    report.category = outcome.category;
    report.wait_status = outcome.wait_status;
    report.ret = outcome.ret;
    report.elapsed_ms = outcome.elapsed_ms;
    copy_text(report.compiler, sizeof report.compiler, outcome.compiler);
    copy_text(report.input, sizeof report.input, outcome.input);
    copy_text(report.refusal, sizeof report.refusal, outcome.refusal);
    return report;
}

JobOutcome outcome_of(const JobReport& report) {
    JobOutcome outcome;
    outcome.category = report.category;
    outcome.wait_status = report.wait_status;
    outcome.ret = report.ret;
    outcome.elapsed_ms = report.elapsed_ms;
    outcome.compiler.assign(report.compiler, strnlen(report.compiler, sizeof report.compiler));
    outcome.input.assign(report.input, strnlen(report.input, sizeof report.input));
    outcome.refusal.assign(report.refusal, strnlen(report.refusal, sizeof report.refusal));
    return outcome;
}

Result<std::pair<UniqueFd, UniqueFd>> make_channel() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
        return make_error(ExitCode::distcc_failed, strings::format("socketpair failed: %s", std::strerror(errno)));
    return std::make_pair(UniqueFd(fds[0]), UniqueFd(fds[1]));
}

Status send_record(int channel, const void* record, std::size_t size, int fd, int second_fd) {
    iovec iov{const_cast<void*>(record), size};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    int fds[2] = {fd, second_fd};
    std::size_t count = fd < 0 ? 0 : second_fd < 0 ? 1 : 2;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)] = {};
    if (count > 0) {
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(count * sizeof(int));
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(count * sizeof(int));
        std::memcpy(CMSG_DATA(c), fds, count * sizeof(int));
    }
    while (::sendmsg(channel, &msg, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR)
            return make_error(ExitCode::io_error, strings::format("sendmsg failed: %s", std::strerror(errno)));
    }
    return {};
}

Result<bool> receive_record(int channel, void* record, std::size_t size, UniqueFd* fd, UniqueFd* second_fd) {
    iovec iov{record, size};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    while ((n = ::recvmsg(channel, &msg, MSG_CMSG_CLOEXEC)) < 0) {
        if (errno != EINTR)
            return make_error(ExitCode::io_error, strings::format("recvmsg failed: %s", std::strerror(errno)));
    }
    UniqueFd* targets[2] = {fd, second_fd};
    std::size_t next = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int received = -1;
            std::memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof received);
            UniqueFd* target = next < 2 ? targets[next] : nullptr;
            ++next;
            if (target)
                target->reset(received);
            else
                ::close(received);
        }
    }
    if (n == 0) return false;
    if (static_cast<std::size_t>(n) != size)
        return make_error(ExitCode::protocol_error, strings::format("short record of %zd bytes", n));
    return true;
}

Readiness client_readiness(int fd) {
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return Readiness::has_data;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return Readiness::silent;
    return Readiness::closed;
}

}  // namespace dcc::daemon
