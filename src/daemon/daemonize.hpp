// SPDX-License-Identifier: GPL-2.0-or-later
// Leaving the foreground and recording the PID (doc/daemon.md §5.3).  Detaching
// forks: the parent writes the child's PID to the pid file and exits at once, so the
// file exists when the start command returns; the child starts a new session and
// points fds 0-2 at /dev/null.  With --no-detach the daemon only becomes a process
// group leader (its termination handler signals that group) and writes its own PID.
// A pid file that cannot be written is logged and the daemon serves anyway, as 3.4.
#pragma once

#include <string>

#include "common/result.hpp"

namespace dcc::daemon {

enum class Detach { no, yes };

// Returns in the process that goes on serving.  `pid_file` may be empty; an error
// only for a path that is too long or a failed fork.
Status become_daemon(Detach detach, const std::string& pid_file);

// Remove the pid file (async-signal-safe; the path was saved by become_daemon).
void remove_pid_file();

}  // namespace dcc::daemon
