// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of exec.hpp.  A program given by path starts through vfork() and
// execve(): glibc's posix_spawn maps and unmaps a 36 KiB child stack per call, and the
// unmap has to shoot down the TLB of the CPU the child ran on -- with getrlimit()
// per file action, that was about a tenth of distccd's own CPU per job (bench/).  A
// name searched on PATH still goes through posix_spawnp, which knows the rules.
#include "common/exec.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/strings.hpp"

extern char** environ;

namespace dcc::exec {
namespace {

std::vector<char*> to_c_array(const std::vector<std::string>& words) {
    std::vector<char*> out;
    out.reserve(words.size() + 1);
    for (const std::string& w : words) out.push_back(const_cast<char*>(w.c_str()));
    out.push_back(nullptr);
    return out;
}

// Owns the posix_spawn attribute and file-action objects.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
};

// Everything the vfork child needs, prepared before the fork: the child only reads it.
struct ChildPlan {
    const char* program;
    char* const* argv;
    char* const* envp;
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    const char* cwd;  // nullptr: stay
    bool new_process_group;
    bool (*before_exec)(const void*);
    const void* before_exec_context;
};

// dup2 that also clears close-on-exec when `from` already is `to` (as posix_spawn does).
bool move_fd(int from, int to) {
    if (from < 0) return true;
    if (from == to) return ::fcntl(to, F_SETFD, 0) == 0;
    return ::dup2(from, to) == to;
}

// The dispositions posix_spawn with POSIX_SPAWN_SETSIGDEF {SIGPIPE, SIGCHLD} leaves:
// those two default, every caught signal default (no handler of ours may run in the
// child), ignored ones still ignored.
void reset_signal_dispositions() {
    struct sigaction to_default{};
    to_default.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        struct sigaction current{};
        if (sig != SIGPIPE && sig != SIGCHLD) {
            if (::sigaction(sig, nullptr, &current) != 0) continue;  // glibc's own signals
            if (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN) continue;
        }
        ::sigaction(sig, &to_default, nullptr);
    }
}

// Runs in the vfork child, on the parent's memory while the parent waits: only
// async-signal-safe calls, no allocation, never returns.  Signals arrive blocked.
[[noreturn]] void run_child(const ChildPlan& plan, volatile int* child_errno) {
    bool ready = move_fd(plan.stdin_fd, STDIN_FILENO) && move_fd(plan.stdout_fd, STDOUT_FILENO) &&
                 move_fd(plan.stderr_fd, STDERR_FILENO) && (!plan.cwd || ::chdir(plan.cwd) == 0) &&
                 (!plan.new_process_group || ::setpgid(0, 0) == 0) &&
                 (!plan.before_exec || plan.before_exec(plan.before_exec_context));
    if (ready) {
        reset_signal_dispositions();
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(plan.program, plan.argv, plan.envp);
    }
    *child_errno = errno;
    ::_exit(127);
}

// vfork + execve of plan.program; the child's errno when it could not exec.
Result<pid_t> start_direct(const ChildPlan& plan) {
    sigset_t all;
    sigset_t saved;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &saved);
    volatile int child_errno = 0;
    pid_t pid = ::vfork();
    if (pid == 0) run_child(plan, &child_errno);
    int fork_errno = errno;
    ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    if (pid < 0) return make_error(ExitCode::compiler_missing, std::strerror(fork_errno));
    if (child_errno != 0) {
        (void)wait_for(pid);  // reap the child that could not exec
        return make_error(ExitCode::compiler_missing, std::strerror(child_errno));
    }
    return pid;
}

Result<pid_t> spawn_direct(const char* program, std::vector<char*>& c_argv, char** envp,
                           const SpawnOptions& options) {
    ChildPlan plan{program,
                   c_argv.data(),
                   envp,
                   options.stdin_fd,
                   options.stdout_fd,
                   options.stderr_fd,
                   options.cwd.empty() ? nullptr : options.cwd.c_str(),
                   options.new_process_group,
                   options.before_exec,
                   options.before_exec_context};
    return start_direct(plan);
}

// posix_spawnp for a bare name searched on PATH.
Result<pid_t> spawn_searching(const char* program, std::vector<char*>& c_argv, char** envp,
                              const SpawnOptions& options) {
    SpawnSetup setup;
    if (options.stdin_fd >= 0) posix_spawn_file_actions_adddup2(&setup.actions, options.stdin_fd, STDIN_FILENO);
    if (options.stdout_fd >= 0) posix_spawn_file_actions_adddup2(&setup.actions, options.stdout_fd, STDOUT_FILENO);
    if (options.stderr_fd >= 0) posix_spawn_file_actions_adddup2(&setup.actions, options.stderr_fd, STDERR_FILENO);
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&setup.actions, options.cwd.c_str());

    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    posix_spawnattr_setsigdefault(&setup.attr, &defaults);
    sigset_t empty;
    sigemptyset(&empty);
    posix_spawnattr_setsigmask(&setup.attr, &empty);
    if (options.new_process_group) {
        flags |= POSIX_SPAWN_SETPGROUP;
        posix_spawnattr_setpgroup(&setup.attr, 0);
    }
    posix_spawnattr_setflags(&setup.attr, flags);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, program, &setup.actions, &setup.attr, c_argv.data(), envp);
    if (rc != 0) return make_error(ExitCode::compiler_missing, std::strerror(rc));
    return pid;
}

}  // namespace

Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
    if (argv.empty() || argv[0].empty()) return make_error(ExitCode::bad_arguments, "empty command");
    std::vector<char*> c_argv = to_c_array(argv);
    std::vector<char*> c_env;
    char** envp = environ;
    if (options.envp) {
        envp = const_cast<char**>(options.envp);
    } else if (!options.environment.empty()) {
        c_env = to_c_array(options.environment);
        envp = c_env.data();
    }
    const char* program = options.program.empty() ? c_argv[0] : options.program.c_str();
    bool searched = options.search_path && std::strchr(program, '/') == nullptr;
    if (searched && options.before_exec)
        return make_error(ExitCode::bad_arguments, "a before-exec hook needs a program given by path");
    auto pid = searched ? spawn_searching(program, c_argv, envp, options) : spawn_direct(program, c_argv, envp, options);
    if (!pid)
        return make_error(ExitCode::compiler_missing,
                          strings::format("failed to exec %s: %s", argv[0].c_str(), pid.error().message.c_str()));
    return pid;
}

Result<int> wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return make_error(ExitCode::distcc_failed,
                              strings::format("waitpid(%d) failed: %s", static_cast<int>(pid), std::strerror(errno)));
    }
    return status;
}

Result<std::optional<int>> poll_child(pid_t pid) {
    int status = 0;
    while (true) {
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return std::optional<int>(status);
        if (r == 0) return std::optional<int>();
        if (errno != EINTR)
            return make_error(ExitCode::distcc_failed,
                              strings::format("waitpid(%d) failed: %s", static_cast<int>(pid), std::strerror(errno)));
    }
}

std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& overrides) {
    std::vector<std::string> out;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        bool replaced = false;
        for (const auto& [name, value] : overrides) {
            if (entry.size() > name.size() && entry.substr(0, name.size()) == name && entry[name.size()] == '=') {
                replaced = true;
                break;
            }
        }
        if (!replaced) out.emplace_back(entry);
    }
    for (const auto& [name, value] : overrides) out.push_back(name + "=" + value);
    return out;
}

int exit_code_of(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 128;
}

std::string describe_status(int wait_status) {
    if (WIFEXITED(wait_status)) return strings::format("exited with code %d", WEXITSTATUS(wait_status));
    if (WIFSIGNALED(wait_status))
        return strings::format("killed by signal %d (%s)%s", WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)),
                               WCOREDUMP(wait_status) ? " (core dumped)" : "");
    return strings::format("unknown wait status %#x", wait_status);
}

std::string critique(int wait_status, std::string_view subject) {
    std::string s(subject);
    if (WIFSIGNALED(wait_status))
        return s + ": " + strsignal(WTERMSIG(wait_status)) + (WCOREDUMP(wait_status) ? " (core dumped)" : "");
    if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) == 0) return s + " completed ok";
    if (WEXITSTATUS(wait_status) == 1) return s + " failed";
    return strings::format("%s failed with exit code %d", s.c_str(), WEXITSTATUS(wait_status));
}

}  // namespace dcc::exec
