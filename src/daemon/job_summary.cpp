// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job_summary.hpp.
#include "daemon/job_summary.hpp"

#include <sys/wait.h>

#include "common/strings.hpp"

namespace dcc::daemon {

const char* category_name(JobCategory category) {
    switch (category) {
    case JobCategory::compile_ok: return "COMPILE_OK";
    case JobCategory::compile_error: return "COMPILE_ERROR";
    case JobCategory::compile_timeout: return "COMPILE_TIMEOUT";
    case JobCategory::cli_disconn: return "CLI_DISCONN";
    case JobCategory::rej_bad_req: return "REJ_BAD_REQ";
    case JobCategory::rej_overload: return "REJ_OVERLOAD";
    case JobCategory::other: return "OTHER";
    }
    return "OTHER";
}

std::string format_summary(const std::string& client, const JobOutcome& outcome) {
    int status = outcome.wait_status;
    int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    int core = WIFSIGNALED(status) && WCOREDUMP(status) ? 1 : 0;
    bool names = outcome.category == JobCategory::compile_ok || outcome.category == JobCategory::compile_error;
    std::string line = strings::format("client: %s %s exit:%d sig:%d core:%d ret:%d time:%ldms ", client.c_str(),
                                       category_name(outcome.category), exit_code, signal, core, outcome.ret,
                                       outcome.elapsed_ms);
    if (names) line += outcome.compiler + " " + outcome.input;
    return line;
}

}  // namespace dcc::daemon
