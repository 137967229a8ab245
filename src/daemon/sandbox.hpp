// SPDX-License-Identifier: GPL-2.0-or-later
// The sandbox every compiler of one worker runs in (doc/security.md §3).  A Sandbox
// is a child process of the worker, started once per job directory with new user,
// mount, network, PID, IPC and UTS namespaces: it maps the daemon's own uid, builds
// the view of sandbox_plan.hpp (root read-only, the job directory writable over
// TMPDIR, a /proc of its own), drops its capabilities and then, as PID 1 of its
// namespace, starts each job's compiler (under the limits) when the worker asks,
// and reports its exit after killing whatever of the job still runs.  Setting up
// namespaces costs about a millisecond of CPU; doing it once per worker keeps the
// per-job cost to one request and one report over a socket pair (bench/).
// The worker ends a job early (client gone, --job-lifetime) by killing the sandbox,
// which takes every process of the job with it; the next job starts a new one.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "daemon/compiler_process.hpp"
#include "daemon/sandbox_plan.hpp"

namespace dcc::daemon {

class Sandbox {
public:
    struct Settings {
        SandboxLayout layout;
        SandboxLimits limits;
        std::vector<std::string> environment;  // every compiler's ("NAME=value"), TMPDIR included
    };

    // Start the sandbox process and wait until it is ready (or says why it cannot be).
    static Result<Sandbox> start(const Settings& settings);

    Sandbox(Sandbox&& other) noexcept;
    Sandbox& operator=(Sandbox&&) = delete;
    ~Sandbox();  // stop()

    const SandboxLayout& layout() const { return m_layout; }
    // False after stop() or after a job was ended early: start a new one.
    bool running() const { return m_pid > 0; }

    // Start `run.program` (paths already as the compiler sees them) in the sandbox,
    // in inside_dir, in a process group of its own.  ExitCode::compiler_missing when
    // it cannot be executed; the sandbox stays usable.  run.environment is not used
    // (the sandbox has Settings::environment).
    Status launch(const CompilerRun& run);

    // As supervise_compiler() (compiler_process.hpp) for the launched compiler.  On a
    // client disconnect or the deadline the sandbox is killed, and with it the job.
    // group_survives: processes of the job outlived the compiler (they were killed).
    Result<RunResult> supervise(int client_fd, int64_t deadline_ms);

    // SIGKILL the sandbox (everything in it dies) and reap it.
    void stop();

private:
    Sandbox() = default;

    SandboxLayout m_layout;
    pid_t m_pid = -1;
    UniqueFd m_socket;
};

// For a fatal-signal handler: SIGKILL this process's sandbox, if any, and reap it.
// Async-signal-safe.
void kill_current_sandbox();

}  // namespace dcc::daemon
