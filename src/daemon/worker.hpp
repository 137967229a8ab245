// SPDX-License-Identifier: GPL-2.0-or-later
// A prefork worker (doc/daemon.md §5.8): a child of the dispatcher that accepts
// connections on the shared listening socket itself (one worker is woken per
// connection), checks the access list (and --auth) and serves one job at a time, so --jobs
// workers never run more than --jobs compilations.  A client that has not sent its
// first bytes is handed to the dispatcher to wait there instead of holding the
// worker; the dispatcher hands it back when it speaks.  With --stats every outcome is
// reported to the dispatcher.  A worker retires after at least 50 jobs and 60
// seconds, as upstream's do; on a fatal signal it kills its compiler's process group
// and removes its work directory.
#pragma once

#include <optional>
#include <vector>

#include "daemon/access_list.hpp"
#include "daemon/job.hpp"

namespace dcc::daemon {

struct WorkerSetup {
    int listen_fd = -1;
    int channel = -1;
    const std::vector<AllowEntry>* allow = nullptr;
    bool report_outcomes = false;  // --stats
    std::optional<int> oom_score_adj;
};

// Runs in the forked child; never returns.
[[noreturn]] void run_worker(const WorkerSetup& setup, JobServer& jobs);

// The signal setup every process that runs jobs needs (workers, --no-fork, inetd).
void install_job_signal_handlers();

}  // namespace dcc::daemon
