// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_process.hpp (upstream dcc_spawn_child and
// dcc_collect_child, with a pidfd in place of the 1-second select loop).
#include "daemon/compiler_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "daemon/sandbox.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {
namespace {

std::atomic<pid_t> g_running_group{0};

constexpr int k_kill_grace_ms = 2000;
constexpr int k_poll_without_pidfd_ms = 20;

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Reap the child if it has exited; true when it has.
Result<bool> try_reap(pid_t pid, int& status) {
    auto polled = exec::poll_child(pid);
    if (!polled) return std::move(polled).error();
    if (!*polled) return false;
    status = **polled;
    return true;
}

int poll_timeout(int64_t deadline_ms, bool have_pidfd) {
    int timeout = -1;
    if (deadline_ms >= 0) {
        int64_t left = deadline_ms - clock::monotonic_ms();
        timeout = static_cast<int>(left < 0 ? 0 : (left > INT32_MAX ? INT32_MAX : left));
    }
    if (!have_pidfd && (timeout < 0 || timeout > k_poll_without_pidfd_ms)) timeout = k_poll_without_pidfd_ms;
    return timeout;
}

enum class ClientState { present, gone };

// The client socket became readable or hung up while the compiler runs.  Bytes
// there are a client bug: they are read and dropped (upstream read one and logged).
ClientState inspect_client(int client_fd, short revents) {
    if (revents & (POLLHUP | POLLRDHUP | POLLERR | POLLNVAL)) return ClientState::gone;
    char scratch[4096];
    ssize_t n = ::read(client_fd, scratch, sizeof scratch);
    if (n == 0) return ClientState::gone;
    if (n < 0) return (errno == EAGAIN || errno == EINTR) ? ClientState::present : ClientState::gone;
    DCC_WARNING("client sent %zd unexpected bytes while the compiler was running", n);
    return ClientState::present;
}

// SIGTERM the group, wait (bounded) for the leader, SIGKILL the group if it lingers; reap.
Status kill_and_reap(pid_t pid, int pidfd) {
    ::kill(-pid, SIGTERM);
    int64_t give_up = clock::monotonic_ms() + k_kill_grace_ms;
    while (true) {
        auto reaped = exec::poll_child(pid);
        if (!reaped) return std::move(reaped).error();
        if (*reaped) break;
        int64_t left = give_up - clock::monotonic_ms();
        if (left <= 0) {
            ::kill(-pid, SIGKILL);
            DCC_TRY(exec::wait_for(pid));
            break;
        }
        struct pollfd p{pidfd, POLLIN, 0};
        ::poll(&p, pidfd >= 0 ? 1 : 0, static_cast<int>(left < k_poll_without_pidfd_ms ? left : k_poll_without_pidfd_ms));
    }
    return {};
}

}  // namespace

ChildEnvironment::ChildEnvironment(std::vector<std::string> entries) : m_entries(std::move(entries)) {
    std::erase_if(m_entries, [](const std::string& e) { return e.starts_with("TMPDIR="); });
    m_entries.emplace_back("TMPDIR=");
    for (std::string& e : m_entries) m_pointers.push_back(e.data());
    m_pointers.push_back(nullptr);
}

void ChildEnvironment::set_tmpdir(const std::string& dir) {
    std::string& entry = m_entries.back();
    entry.assign("TMPDIR=").append(dir);
    m_pointers[m_entries.size() - 1] = entry.data();
}

Result<pid_t> start_compiler(const CompilerRun& run) {
    exec::SpawnOptions options;
    options.stdin_fd = run.stdin_fd;
    options.stdout_fd = run.stdout_fd;
    options.stderr_fd = run.stderr_fd;
    options.new_process_group = true;
    if (run.environment) options.envp = run.environment->envp();
    options.search_path = false;
    options.program = run.program;
    options.cwd = run.cwd;
    auto pid = exec::spawn(run.argv, options);
    if (pid) g_running_group.store(*pid);
    return pid;
}

Result<RunResult> supervise_compiler(pid_t pid, int client_fd, int64_t deadline_ms) {
    UniqueFd pidfd(open_pidfd(pid));
    RunResult result;
    while (true) {
        struct pollfd fds[2] = {{pidfd.get(), POLLIN, 0}, {client_fd, POLLIN | POLLRDHUP, 0}};
        int n = ::poll(fds, 2, poll_timeout(deadline_ms, pidfd.valid()));
        if (n < 0 && errno != EINTR)
            return make_error(ExitCode::distcc_failed, strings::format("poll failed: %s", std::strerror(errno)));
        auto reaped = try_reap(pid, result.wait_status);
        if (!reaped) return std::move(reaped).error();
        if (*reaped) {
            g_running_group.store(0);
            result.end = RunEnd::exited;
            result.group_survives = ::kill(-pid, 0) == 0;
            return result;
        }
        if (n > 0 && client_fd >= 0 && fds[1].revents && inspect_client(client_fd, fds[1].revents) == ClientState::gone) {
            result.end = RunEnd::client_gone;
            break;
        }
        if (deadline_ms >= 0 && clock::monotonic_ms() >= deadline_ms) {
            result.end = RunEnd::deadline;
            break;
        }
    }
    Status killed = kill_and_reap(pid, pidfd.get());
    g_running_group.store(0);
    if (!killed) return std::move(killed).error();
    return result;
}

void kill_running_compiler() {
    kill_current_sandbox();
    pid_t group = g_running_group.exchange(0);
    if (group <= 0) return;
    ::kill(-group, SIGKILL);
    ::waitpid(group, nullptr, 0);
}

}  // namespace dcc::daemon
