// SPDX-License-Identifier: GPL-2.0-or-later
// Running one compiler for a job: started in its own process group with the job's
// descriptors, then supervised until it exits, while watching the client's socket
// (a client that goes away gets its compiler killed at once) and the job deadline
// (--job-lifetime).  Waiting uses a pidfd, so the job notices the compiler's exit
// immediately in every mode (upstream polled once a second in inetd/ssh mode).  It
// does not read the compiler's output or decide what the status means.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dcc::daemon {

// The environment every compiler of a process gets, built once: the daemon's own
// with the given overrides, plus TMPDIR, which changes per job (set_tmpdir) without
// rebuilding the rest.
class ChildEnvironment {
public:
    explicit ChildEnvironment(std::vector<std::string> entries);
    ChildEnvironment(const ChildEnvironment&) = delete;
    ChildEnvironment& operator=(const ChildEnvironment&) = delete;

    void set_tmpdir(const std::string& dir);
    char* const* envp() const { return m_pointers.data(); }
    const std::vector<std::string>& entries() const { return m_entries; }

private:
    std::vector<std::string> m_entries;  // the last one is TMPDIR=...
    std::vector<char*> m_pointers;       // into m_entries, null-terminated
};

struct CompilerRun {
    std::string program;             // absolute path to execute
    std::vector<std::string> argv;   // argv[0] stays the name the client sent
    int stdin_fd = -1;               // /dev/null
    int stdout_fd = -1;
    int stderr_fd = -1;
    const ChildEnvironment* environment = nullptr;
    std::string cwd;                 // empty: the daemon's (or the sandbox's) working directory;
                                     // a pump job's <root><CDIR> (doc/protocol.md §9)
};

enum class RunEnd { exited, client_gone, deadline };

struct RunResult {
    RunEnd end = RunEnd::exited;
    int wait_status = 0;  // valid when end == exited
    bool group_survives = false;  // end == exited, but a process of its group still runs
};

// Start the compiler in a new process group, in the daemon's working directory.  ExitCode::compiler_missing when it
// cannot be executed.
Result<pid_t> start_compiler(const CompilerRun& run);

// Wait for `pid`.  `client_fd` is watched for EOF or hang-up (-1: not watched);
// `deadline_ms` is on clock::monotonic_ms()'s clock (< 0: none).  On a client
// disconnect or the deadline the whole process group is killed (SIGTERM, then
// SIGKILL after 2 s) and reaped before this returns.
Result<RunResult> supervise_compiler(pid_t pid, int client_fd, int64_t deadline_ms);

// For a fatal-signal handler: SIGKILL the running compiler's process group, if
// any, and the sandbox (sandbox.hpp) with everything in it, and reap them.
// Async-signal-safe.
void kill_running_compiler();

}  // namespace dcc::daemon
