// SPDX-License-Identifier: GPL-2.0-or-later
// Starting and reaping child processes (compilers, preprocessors, ssh tunnels).
// spawn() uses posix_spawn so a failed exec is reported to the parent as an error
// value instead of a half-alive child; children get SIGPIPE back at its default and
// an empty signal mask.  It does not decide what a child's status means for distcc.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::exec {

struct SpawnOptions {
    int stdin_fd = -1;   // -1: inherit
    int stdout_fd = -1;  // -1: inherit
    int stderr_fd = -1;  // -1: inherit
    bool new_process_group = false;
    std::string cwd;                       // empty: inherit
    std::vector<std::string> environment;  // "NAME=value" list; empty: inherit ours
    char* const* envp = nullptr;           // a prebuilt, null-terminated list; wins over `environment`
    bool search_path = true;               // execvp-style lookup of argv[0] (or program)
    std::string program;                   // what to execute; empty: argv[0]
    // Called in the child just before exec (after the descriptors, cwd and process
    // group are set), with `before_exec_context`; false (errno set) fails the spawn.
    // It runs on the parent's memory (vfork): async-signal-safe calls only, no
    // allocation.  Only for a program given by path (search_path false or a '/').
    bool (*before_exec)(const void* context) = nullptr;
    const void* before_exec_context = nullptr;
};

// Start argv[0] with argv.  An exec failure is ExitCode::compiler_missing.
Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& options);

// Wait for the child and return its raw wait status (restarts on EINTR).
Result<int> wait_for(pid_t pid);

// Non-blocking wait: the status if the child has exited, nullopt if still running.
Result<std::optional<int>> poll_child(pid_t pid);

// The current environment with `name` set to `value` (added or replaced).
std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& overrides);

// Exit code a shell would report: the exit status, or 128 + signal.
int exit_code_of(int wait_status);

// "exited with code 1", "killed by signal 11 (Segmentation fault) (core dumped)".
std::string describe_status(int wait_status);

// The one wording of upstream's dcc_critique_status, which people and scripts match:
// "<subject> completed ok", "<subject> failed" (exit 1), "<subject> failed with exit
// code N", "<subject>: <signal name>[ (core dumped)]".  `subject` is e.g. "compile
// foo.c on host1" (client) or "gcc foo.c on localhost" (daemon).
std::string critique(int wait_status, std::string_view subject);

// Whether critique() reports a failure (anything but a clean exit 0).
inline bool critique_is_failure(int wait_status) { return wait_status != 0; }

}  // namespace dcc::exec
