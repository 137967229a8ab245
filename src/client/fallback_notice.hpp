// SPDX-License-Identifier: GPL-2.0-or-later
// What the user is told when a job runs on this machine, rendered from the LocalRun
// value that says why (fallback.hpp); the job flow only logs the lines it gets.  A
// command that is local by nature (a link, -E, -M, an autoconf probe: every reason of
// compiler::scan_args) gets no warning, as with distcc 3.4, so configure checks that
// treat any stderr output as failure keep working; its reason is logged for
// DISTCC_VERBOSE only.  A real fallback gets a warning in 3.4's words, which scripts
// grep for.  It does not decide anything about the job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "client/fallback.hpp"
#include "common/log.hpp"

namespace dcc::client {

// One line for the log, at its severity.
struct Notice {
    log::Level level = log::Level::warning;
    std::string text;
};

// The lines for one local run of `input` (empty when the scanner found no source),
// in the order they are logged:
//  * local by nature (recursion, the scanner's reasons, `localhost` picked from the
//    list): one debug line naming the reason;
//  * a host list that is empty, missing or unusable: the problem in 3.4's words
//    ("$DISTCC_HOSTS contained no hosts; can't distribute work") at its level
//    (host_file.hpp host_list_problem_level), then "failed to distribute, running
//    locally instead";
//  * a remote compile that failed: "remote compilation of 'X' failed, retrying
//    locally" and what it exited with;
//  * any other fallback: "failed to distribute X to HOST, running locally instead"
//    (without " X to HOST" when no host was tried) followed by ": " and the reason.
std::vector<Notice> render_local_run(const LocalRun& run, std::string_view input);

// The reason alone, without the input or 3.4's leading phrase, in the same words
// as the lines above ("the host list chose localhost", "server provided no
// answer. ...", "remote compilation failed (exit code 1 on HOST)"): the job
// journal's `reason` (journal.hpp), which distcc-report groups by.
std::string local_run_reason(const LocalRun& run);

}  // namespace dcc::client
