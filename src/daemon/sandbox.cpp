// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sandbox.hpp: the worker's side.  The sandbox process is cloned
// directly with its namespaces (not forked and then unshared), so it is the
// worker's own child -- reaped here -- and PID 1 of the new PID namespace: when it
// dies the kernel kills every process of the job.
#include "daemon/sandbox.hpp"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "daemon/sandbox_init.hpp"
#include "daemon/sandbox_protocol.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {
namespace {

namespace sp = sandbox_protocol;

constexpr unsigned long k_namespaces =
    CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;

std::atomic<pid_t> g_current_sandbox{0};

Error sandbox_error(const std::string& message) { return make_error(ExitCode::distcc_failed, "sandbox: " + message); }

// Like fork(), with new namespaces: the child returns 0 on the parent's stack copy.
pid_t clone_with_namespaces() {
    return static_cast<pid_t>(::syscall(SYS_clone, k_namespaces | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
}

Result<sp::Report> read_report(int fd) {
    sp::Report report{};
    char* p = reinterpret_cast<char*>(&report);
    std::size_t left = sizeof report;
    while (left > 0) {
        ssize_t n = ::read(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) return sandbox_error("the sandbox process exited");
        if (n < 0) return sandbox_error(strings::format("reading its report: %s", std::strerror(errno)));
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    report.text[sizeof report.text - 1] = '\0';
    return report;
}

Status send_all(int fd, const char* p, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return sandbox_error(strings::format("sending a request: %s", std::strerror(errno)));
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

// One launch request (sandbox_protocol.hpp): the header carries the descriptors.
Status send_launch(int socket_fd, const std::string& words, std::array<int, 3> fds) {
    sp::LaunchHeader header{sp::k_launch_magic, static_cast<uint32_t>(words.size())};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)]{};
    iovec iov{&header, sizeof header};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof fds);
    ssize_t n;
    do n = ::sendmsg(socket_fd, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0) return sandbox_error(strings::format("sending a request: %s", std::strerror(errno)));
    const char* rest = reinterpret_cast<const char*>(&header) + n;
    DCC_TRY(send_all(socket_fd, rest, sizeof header - static_cast<std::size_t>(n)));
    return send_all(socket_fd, words.data(), words.size());
}

int poll_timeout(int64_t deadline_ms) {
    if (deadline_ms < 0) return -1;
    int64_t left = deadline_ms - clock::monotonic_ms();
    return static_cast<int>(left < 0 ? 0 : (left > INT32_MAX ? INT32_MAX : left));
}

// The client socket became readable or hung up (compiler_process.cpp's inspect_client).
bool client_gone(int client_fd, short revents) {
    if (revents & (POLLHUP | POLLRDHUP | POLLERR | POLLNVAL)) return true;
    char scratch[4096];
    ssize_t n = ::read(client_fd, scratch, sizeof scratch);
    if (n == 0) return true;
    if (n < 0) return !(errno == EAGAIN || errno == EINTR);
    DCC_WARNING("client sent %zd unexpected bytes while the compiler was running", n);
    return false;
}

}  // namespace

Result<Sandbox> Sandbox::start(const Settings& settings) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        return sandbox_error(strings::format("socketpair: %s", std::strerror(errno)));
    UniqueFd ours(pair[0]);
    UniqueFd theirs(pair[1]);
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    pid_t pid = clone_with_namespaces();
    if (pid < 0)
        return sandbox_error(strings::format("clone with new user, mount, network, PID, IPC and UTS namespaces: %s",
                                             std::strerror(errno)));
    if (pid == 0) {
        ours.reset();
        run_sandbox_init(theirs.release(), settings, uid, gid);
    }
    theirs.reset();
    Sandbox sandbox;
    sandbox.m_layout = settings.layout;
    sandbox.m_pid = pid;
    sandbox.m_socket = std::move(ours);
    g_current_sandbox.store(pid);
    auto report = read_report(sandbox.m_socket.get());
    if (!report) {
        // It closed its end without a word: it is exiting; say how.
        auto status = exec::wait_for(pid);
        sandbox.m_pid = -1;
        g_current_sandbox.compare_exchange_strong(pid, 0);
        return sandbox_error(strings::format("the sandbox process %s during setup",
                                             status ? exec::describe_status(*status).c_str() : "vanished"));
    }
    if (report->kind != sp::ReportKind::ready)
        return sandbox_error(report->kind == sp::ReportKind::setup_failed ? report->text : "unexpected report");
    return sandbox;
}

Sandbox::Sandbox(Sandbox&& other) noexcept
    : m_layout(std::move(other.m_layout)), m_pid(std::exchange(other.m_pid, -1)), m_socket(std::move(other.m_socket)) {}

Sandbox::~Sandbox() { stop(); }

void Sandbox::stop() {
    m_socket.reset();
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    (void)exec::wait_for(m_pid);
    g_current_sandbox.compare_exchange_strong(m_pid, 0);
    m_pid = -1;
}

Status Sandbox::launch(const CompilerRun& run) {
    if (!running()) return sandbox_error("not running");
    std::string words = run.cwd;
    words.push_back('\0');
    words += run.program;
    words.push_back('\0');
    for (const std::string& arg : run.argv) {
        words += arg;
        words.push_back('\0');
    }
    if (words.size() > sp::k_max_launch_size) return make_error(ExitCode::compiler_missing, "argument list too long");
    Status sent = send_launch(m_socket.get(), words, {run.stdin_fd, run.stdout_fd, run.stderr_fd});
    auto report = sent ? read_report(m_socket.get()) : Result<sp::Report>(sent.error());
    if (!report) {
        stop();
        return std::move(report).error();
    }
    if (report->kind == sp::ReportKind::spawn_failed) return make_error(ExitCode::compiler_missing, report->text);
    if (report->kind != sp::ReportKind::started) {
        stop();
        return sandbox_error("unexpected report");
    }
    return {};
}

Result<RunResult> Sandbox::supervise(int client_fd, int64_t deadline_ms) {
    RunResult result;
    while (true) {
        struct pollfd fds[2] = {{m_socket.get(), POLLIN, 0}, {client_fd, POLLIN | POLLRDHUP, 0}};
        int n = ::poll(fds, client_fd >= 0 ? 2 : 1, poll_timeout(deadline_ms));
        if (n < 0 && errno != EINTR)
            return make_error(ExitCode::distcc_failed, strings::format("poll failed: %s", std::strerror(errno)));
        if (n > 0 && fds[0].revents) {
            auto report = read_report(m_socket.get());
            if (!report || report->kind != sp::ReportKind::exited) {
                stop();
                return report ? sandbox_error("unexpected report") : std::move(report).error();
            }
            result.end = RunEnd::exited;
            result.wait_status = report->value;
            result.group_survives = report->survivors != 0;
            return result;
        }
        if (n > 0 && client_fd >= 0 && fds[1].revents && client_gone(client_fd, fds[1].revents)) {
            result.end = RunEnd::client_gone;
            break;
        }
        if (deadline_ms >= 0 && clock::monotonic_ms() >= deadline_ms) {
            result.end = RunEnd::deadline;
            break;
        }
    }
    stop();
    return result;
}

void kill_current_sandbox() {
    pid_t pid = g_current_sandbox.exchange(0);
    if (pid <= 0) return;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

}  // namespace dcc::daemon
