// SPDX-License-Identifier: GPL-2.0-or-later
// The two ways distccd serves without the prefork dispatcher: inetd mode (one job on
// fds 0/1, as started by inetd or by a client over ssh) and --no-fork mode (jobs one
// after another in the main process, for debugging).  Both apply the access list and
// --auth themselves and return the process's exit code.
#pragma once

#include <vector>

#include "daemon/access_list.hpp"
#include "daemon/job.hpp"
#include "daemon/listener.hpp"

namespace dcc::daemon {

// Serve one job on stdin/stdout.  0 when a reply was sent or the job was refused by
// policy; the transport-level code (107, 108, 109) when the client broke off.
int serve_inetd(JobServer& jobs, const std::vector<AllowEntry>& allow);

// Accept and serve sequentially, forever.  ExitCode::connect_failed on an accept error.
int serve_without_forking(const std::vector<ListenSocket>& sockets, JobServer& jobs, const std::vector<AllowEntry>& allow);

}  // namespace dcc::daemon
