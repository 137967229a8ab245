// SPDX-License-Identifier: GPL-2.0-or-later
// The include_server program (doc/include-server.md, "Starting and stopping"):
// options, the fork whose parent writes the child's PID file and returns only once
// the child's socket accepts connections, stale-root cleanup, serving, and the
// cleanup of every root and the socket on SIGTERM/SIGINT or a fatal error.
#pragma once

namespace dcc::include_server {

int run_program(int argc, char** argv);

}  // namespace dcc::include_server
