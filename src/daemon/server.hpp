// SPDX-License-Identifier: GPL-2.0-or-later
// distccd from command line to serving (doc/daemon.md §2 and §3): parse the
// options, choose inetd or standalone mode, set up access control, niceness,
// listening sockets, privileges, logging, the working directory, PATH and the
// whitelist check, then hand over to the dispatcher, the --no-fork loop or the
// inetd server.  main.cpp calls run_distccd and returns its result as the exit code.
#pragma once

namespace dcc::daemon {

int run_distccd(int argc, char** argv);

}  // namespace dcc::daemon
