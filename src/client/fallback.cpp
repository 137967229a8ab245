// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of fallback.hpp (the decisions of upstream dcc_build_somewhere).
#include "client/fallback.hpp"

namespace dcc::client {
namespace {

LocalRun local_run(LocalCause cause, const std::string& host, const AttemptResult& attempt, int stop_code) {
    LocalRun run;
    run.cause = cause;
    run.host = host;
    run.detail = attempt.message;
    run.stop_code = stop_code;
    return run;
}

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
        // local recompile would only print them again (doc/client.md §9).
        next.action = NextStep::Action::exit_with_code;
        next.exit_code = attempt.exit_code;
        return next;
    case Kind::output_failed:
        next.local = local_run(LocalCause::output_failed, host, attempt, to_int(attempt.error_code));
        next.action = settings.fallback ? NextStep::Action::run_locally : NextStep::Action::exit_with_server_output;
        next.exit_code = to_int(attempt.error_code);
        return next;
    case Kind::unserved:
        // Not the host's fault and not the source's: compile here, naming why.
        next.local = local_run(LocalCause::side_files, host, attempt, to_int(attempt.error_code));
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
