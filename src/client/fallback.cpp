// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of fallback.hpp.  The warning keeps upstream's phrases ("failed to
// distribute X to H, running locally instead", "remote compilation of 'X' failed,
// retrying locally") so scripts that grep for them still work, and adds the reason.
#include "client/fallback.hpp"

#include "common/strings.hpp"

namespace dcc::client {
namespace {

std::string what(std::string_view input) { return input.empty() ? std::string("the command") : std::string(input); }

std::string failed_to_distribute(std::string_view input, const std::string& host, const std::string& reason) {
    if (host.empty())
        return strings::format("failed to distribute %s, running locally instead: %s", what(input).c_str(),
                               reason.c_str());
    return strings::format("failed to distribute %s to %s, running locally instead: %s", what(input).c_str(),
                           host.c_str(), reason.c_str());
}

std::string or_default(const std::string& detail, const char* fallback) { return detail.empty() ? fallback : detail; }

LocalRun local_run(LocalCause cause, const std::string& host, const AttemptResult& attempt, int stop_code) {
    LocalRun run;
    run.cause = cause;
    run.host = host;
    run.detail = attempt.message;
    run.stop_code = stop_code;
    return run;
}

}  // namespace

std::optional<std::string> render_local_warning(const LocalRun& run, std::string_view input, bool hosts_configured) {
    switch (run.cause) {
    case LocalCause::recursion:
    case LocalCause::localhost_chosen:
        return std::nullopt;
    case LocalCause::not_distributable:
        if (!hosts_configured) return std::nullopt;
        return strings::format("cannot distribute %s (%s), running locally", what(input).c_str(),
                               compiler::describe(run.scan_reason));
    case LocalCause::no_host_list:
        return failed_to_distribute(input, "", "no hostlist is set");
    case LocalCause::bad_host_list:
    case LocalCause::local_error:
        return failed_to_distribute(input, "", run.detail);
    case LocalCause::no_usable_host:
        return failed_to_distribute(input, run.host,
                                    or_default(run.detail, "every host is down or in backoff"));
    case LocalCause::attempts_exhausted:
        return failed_to_distribute(input, run.host,
                                    strings::format("couldn't find a host in %d attempts (last error: %s)",
                                                    k_max_attempts_without_backoff, run.detail.c_str()));
    case LocalCause::transport_failed:
        return failed_to_distribute(input, run.host, run.detail);
    case LocalCause::server_refused:
        return failed_to_distribute(input, run.host,
                                    "server provided no answer (is it configured to allow access from this "
                                    "address, and is the compiler on its whitelist?)");
    case LocalCause::remote_crashed:
        return failed_to_distribute(input, run.host, "remote compiler " + run.detail);
    case LocalCause::output_failed:
        return failed_to_distribute(input, run.host, "cannot store the results: " + run.detail);
    case LocalCause::remote_failed:
        return strings::format("remote compilation of '%s' failed, retrying locally (exit code %d on %s)",
                               what(input).c_str(), run.remote_code, run.host.c_str());
    }
    return std::nullopt;
}

namespace {

// The remote compiler said no: by default recompile here, so the user sees the
// local compiler's messages.
NextStep after_compile_failure(const AttemptResult& attempt, const std::string& host, const PolicySettings& settings) {
    NextStep next;
    next.exit_code = attempt.exit_code;
    if (settings.skip_local_retry) {
        next.action = NextStep::Action::exit_with_server_output;
        return next;
    }
    next.local = local_run(LocalCause::remote_failed, host, attempt, attempt.exit_code);
    next.local.remote_code = attempt.exit_code;
    next.dislike_host = true;
    next.action = settings.fallback ? NextStep::Action::run_locally : NextStep::Action::exit_with_server_output;
    return next;
}

// The host failed us (transport, refusal, crash): back it off and try another one,
// or give up on remote hosts after three attempts when backoff is disabled.
NextStep after_host_failure(const AttemptResult& attempt, const std::string& host, int attempts_made,
                            const PolicySettings& settings) {
    using Kind = AttemptResult::Kind;
    LocalCause cause = attempt.kind == Kind::compiler_crashed ? LocalCause::remote_crashed
                       : attempt.kind == Kind::no_answer      ? LocalCause::server_refused
                                                              : LocalCause::transport_failed;
    int stop_code = attempt.kind == Kind::compiler_crashed ? attempt.exit_code : to_int(attempt.error_code);
    if (!settings.backoff_enabled && attempts_made >= k_max_attempts_without_backoff) cause = LocalCause::attempts_exhausted;
    NextStep next;
    next.local = local_run(cause, host, attempt, stop_code);
    next.dislike_host = true;
    next.action = cause == LocalCause::attempts_exhausted ? NextStep::Action::run_locally : NextStep::Action::retry;
    if (!settings.fallback && next.action == NextStep::Action::run_locally) {
        next.action = NextStep::Action::exit_with_server_output;
        next.exit_code = stop_code;
    }
    return next;
}

}  // namespace

NextStep decide_next_step(const AttemptResult& attempt, const std::string& host, int attempts_made,
                          const PolicySettings& settings) {
    using Kind = AttemptResult::Kind;
    NextStep next;
    switch (attempt.kind) {
    case Kind::success:
        next.action = NextStep::Action::done;
        next.enjoy_host = true;
        return next;
    case Kind::cpp_failed:
        // The preprocessor's diagnostics are already on the user's terminal; a
        // local recompile would only print them again (client.md 9 QUIRK).
        next.action = NextStep::Action::exit_with_code;
        next.exit_code = attempt.exit_code;
        return next;
    case Kind::output_failed:
        next.local = local_run(LocalCause::output_failed, host, attempt, to_int(attempt.error_code));
        next.action = settings.fallback ? NextStep::Action::run_locally : NextStep::Action::exit_with_server_output;
        next.exit_code = to_int(attempt.error_code);
        return next;
    case Kind::compile_failed:
        return after_compile_failure(attempt, host, settings);
    case Kind::compiler_crashed:
    case Kind::transport_error:
    case Kind::no_answer:
        break;
    }
    return after_host_failure(attempt, host, attempts_made, settings);
}

}  // namespace dcc::client
