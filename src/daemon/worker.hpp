// SPDX-License-Identifier: GPL-2.0-or-later
// A prefork worker (daemon.md section 5.8): a child of the dispatcher that serves one
// job at a time, each handed over with its client socket through the worker's
// channel, and reports every outcome back.  It retires after at least 50 jobs and 60
// seconds, as upstream's workers do, and the dispatcher forks a replacement.  On a
// fatal signal it kills its compiler's process group and removes the job directory.
#pragma once

#include "daemon/job.hpp"

namespace dcc::daemon {

// Runs in the forked child; never returns.
[[noreturn]] void run_worker(int channel, JobServer& jobs);

// The signal setup every process that runs jobs needs (workers, --no-fork, inetd).
void install_job_signal_handlers();

}  // namespace dcc::daemon
