// SPDX-License-Identifier: GPL-2.0-or-later
// Fatal-signal handling shared by all programs: on SIGTERM/SIGINT/SIGHUP (and
// optionally SIGALRM) delete registered temp files, run the program's own
// async-signal-safe hook, then die from the same signal with the default action --
// silently, as distcc 3.4 (which logs the signal only at info level).  SIGPIPE is ignored (EPIPE is an I/O error instead).
#pragma once

namespace dcc::signals {

using Hook = void (*)(int signal_number);

enum class CatchAlarm { no, yes };

// Install the handlers.  `hook` (may be null) runs after temp-file cleanup.
void install_termination_handlers(Hook hook, CatchAlarm alarm = CatchAlarm::no);

void ignore_sigpipe();

// Install a handler that does nothing, without SA_RESTART, so that a blocking call
// returns EINTR when a child exits.
void install_noop_sigchld();

}  // namespace dcc::signals
