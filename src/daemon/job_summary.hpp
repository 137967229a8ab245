// SPDX-License-Identifier: GPL-2.0-or-later
// The outcome of one job as the rest of the daemon sees it: its category (doc/daemon.md
// §7), the compiler's wait status, the job's own exit code and duration, and
// the one notice-level summary line upstream scripts parse:
//   client: 127.0.0.1:59636 COMPILE_OK exit:0 sig:0 core:0 ret:0 time:19ms gcc hello.c
// Workers send the same facts to the statistics collector (stats.hpp).
#pragma once

#include <string>

namespace dcc::daemon {

enum class JobCategory {
    compile_ok,
    compile_error,    // non-zero compiler status, or failure while sending the reply
    compile_timeout,  // --job-lifetime
    cli_disconn,      // the client went away or an I/O error
    rej_bad_req,      // protocol error
    rej_overload,     // never produced (kept for the statistics report)
    other,            // everything else, e.g. a whitelist refusal
};

inline constexpr int k_job_category_count = 7;

// "COMPILE_OK", "CLI_DISCONN", ...
const char* category_name(JobCategory category);

struct JobOutcome {
    JobCategory category = JobCategory::other;
    int wait_status = 0;  // the compiler's raw status, 0 if it never ran
    int ret = 0;          // the job's distcc exit code (0, 107, 108, 109, 118, ...)
    long elapsed_ms = 0;
    std::string compiler;  // only for COMPILE_OK / COMPILE_ERROR lines
    std::string input;
    std::string refusal;  // a refused job's Refusal::rule, for the metrics' reason label
};

// The summary line without the log prefix (upstream dcc_job_summary).
std::string format_summary(const std::string& client, const JobOutcome& outcome);

}  // namespace dcc::daemon
