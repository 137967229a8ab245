// SPDX-License-Identifier: GPL-2.0-or-later
// A prefork worker (doc/daemon.md §5.8): a child of the dispatcher that serves one
// job at a time, so --jobs workers never run more than --jobs compilations.  The
// dispatcher accepts connections, checks the access list and receives each request
// completely (doc/security.md §1) before handing the connection and the request's
// bytes to an idle worker (with --auth after running the handshake itself).
// Every job ends with a report to the dispatcher (the worker is free again; with
// --stats, the outcome).  A worker retires after at least 50 jobs and 60 seconds, as
// upstream's do, removing its work directory and pump area first (doc/daemon.md
// §5.8); on a fatal signal it kills its compiler's process group and removes both.
#pragma once

#include <optional>

#include "daemon/job.hpp"

namespace dcc::daemon {

struct WorkerSetup {
    int channel = -1;
    std::optional<int> oom_score_adj;
    bool count_bytes = false;  // --stats: report each connection's bytes
};

// Runs in the forked child; never returns.
[[noreturn]] void run_worker(const WorkerSetup& setup, JobServer& jobs);

// The signal setup every process that runs jobs needs (workers, --no-fork, inetd).
void install_job_signal_handlers();

}  // namespace dcc::daemon
