// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of fallback_notice.hpp.  The phrases before the first ": " are
// distcc 3.4's (upstream dcc_build_somewhere, dcc_parse_hosts, dcc_r_result_header),
// checked side by side with 3.4 in test/integration/test_client_messages.py; what
// follows them is ours and says why.
#include "client/fallback_notice.hpp"

#include "common/strings.hpp"

namespace dcc::client {
namespace {

using log::Level;

// 3.4's text for a server that hung up without a reply, which is all a client sees of
// an access-list or whitelist refusal.
constexpr const char* k_no_answer =
    "server provided no answer. Is the server configured to allow access from your IP address? Is the server "
    "performing authentication and your client isn't? Does the server have the compiler installed? Is the server "
    "configured to access the compiler?";

std::string failed_to_distribute(std::string_view input, const std::string& host) {
    if (host.empty()) return "failed to distribute, running locally instead";
    return strings::format("failed to distribute %.*s to %s, running locally instead", static_cast<int>(input.size()),
                           input.data(), host.c_str());
}

std::string with_reason(std::string text, const std::string& reason) {
    if (!reason.empty()) text += ": " + reason;
    return text;
}

// Why a job that was meant to go remote did not, after 3.4's phrase.
std::string fallback_reason(const LocalRun& run) {
    switch (run.cause) {
    case LocalCause::no_usable_host:
        return run.detail.empty() ? "every host is down or in backoff" : run.detail;
    case LocalCause::attempts_exhausted:
        return strings::format("couldn't find a host in %d attempts (last error: %s)", k_max_attempts_without_backoff,
                               run.detail.c_str());
    case LocalCause::server_refused: return k_no_answer;
    case LocalCause::remote_crashed: return "remote compiler " + run.detail;
    case LocalCause::output_failed: return "cannot store the results: " + run.detail;
    default: return run.detail;
    }
}

std::string local_by_nature(const LocalRun& run, std::string_view input) {
    std::string what = input.empty() ? std::string("the command") : std::string(input);
    return "running " + what + " locally: " + local_run_reason(run);
}

}  // namespace

std::string local_run_reason(const LocalRun& run) {
    switch (run.cause) {
    case LocalCause::recursion: return "invoked by distcc or distccd";
    case LocalCause::localhost_chosen: return "the host list chose localhost";
    case LocalCause::not_distributable: return compiler::describe(run.scan_reason);
    case LocalCause::no_host_list:
    case LocalCause::bad_host_list: return run.detail;
    case LocalCause::remote_failed:
        return strings::format("remote compilation failed (exit code %d on %s)", run.remote_code, run.host.c_str());
    default: return fallback_reason(run);
    }
}

std::vector<Notice> render_local_run(const LocalRun& run, std::string_view input) {
    switch (run.cause) {
    case LocalCause::recursion:
    case LocalCause::localhost_chosen:
    case LocalCause::not_distributable:
        return {{Level::debug, local_by_nature(run, input)}};
    case LocalCause::no_host_list:
        return {{Level::warning, run.detail}, {Level::warning, failed_to_distribute(input, "")}};
    case LocalCause::bad_host_list:
        return {{Level::error, run.detail}, {Level::warning, failed_to_distribute(input, "")}};
    case LocalCause::remote_failed:
        return {{Level::warning, strings::format("remote compilation of '%.*s' failed, retrying locally (exit code %d "
                                                 "on %s)",
                                                 static_cast<int>(input.size()), input.data(), run.remote_code,
                                                 run.host.c_str())}};
    default:
        return {{Level::warning, with_reason(failed_to_distribute(input, run.host), fallback_reason(run))}};
    }
}

}  // namespace dcc::client
