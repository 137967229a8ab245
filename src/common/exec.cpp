// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of exec.hpp with posix_spawn(p).
#include "common/exec.hpp"

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

}  // namespace

Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
    if (argv.empty() || argv[0].empty()) return make_error(ExitCode::bad_arguments, "empty command");
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

    std::vector<char*> c_argv = to_c_array(argv);
    std::vector<char*> c_env;
    char** envp = environ;
    if (options.envp) {
        envp = const_cast<char**>(options.envp);
    } else if (!options.environment.empty()) {
        c_env = to_c_array(options.environment);
        envp = c_env.data();
    }
    pid_t pid = -1;
    const char* program = options.program.empty() ? c_argv[0] : options.program.c_str();
    int rc = options.search_path
                 ? posix_spawnp(&pid, program, &setup.actions, &setup.attr, c_argv.data(), envp)
                 : posix_spawn(&pid, program, &setup.actions, &setup.attr, c_argv.data(), envp);
    if (rc != 0)
        return make_error(ExitCode::compiler_missing,
                          strings::format("failed to exec %s: %s", argv[0].c_str(), std::strerror(rc)));
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

}  // namespace dcc::exec
