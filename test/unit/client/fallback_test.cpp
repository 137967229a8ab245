// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/fallback.cpp: what follows each kind of failed attempt under
// each combination of DISTCC_FALLBACK / DISTCC_SKIP_LOCAL_RETRY / backoff.
#include "client/fallback.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::client;

namespace {

using Action = NextStep::Action;
using Kind = AttemptResult::Kind;

AttemptResult attempt(Kind kind, int exit_code = 0, ExitCode error = ExitCode::ok, std::string message = "") {
    AttemptResult a;
    a.kind = kind;
    a.exit_code = exit_code;
    a.error_code = error;
    a.message = std::move(message);
    return a;
}

const PolicySettings k_default{true, false, true};

}  // namespace

TEST(FallbackPolicy, SuccessClearsBackoff) {
    NextStep next = decide_next_step(attempt(Kind::success), "h", 1, k_default);
    EXPECT_EQ(next.action, Action::done);
    EXPECT_TRUE(next.enjoy_host);
    EXPECT_FALSE(next.dislike_host);
}

TEST(FallbackPolicy, TransportErrorsBackOffAndTryAnotherHost) {
    for (Kind kind : {Kind::transport_error, Kind::no_answer, Kind::compiler_crashed}) {
        NextStep next = decide_next_step(attempt(kind, 139, ExitCode::connect_failed, "refused"), "h:1", 1, k_default);
        EXPECT_EQ(next.action, Action::retry);
        EXPECT_TRUE(next.dislike_host);
        EXPECT_EQ(next.local.host, "h:1");
        EXPECT_EQ(next.local.detail, "refused");
    }
    EXPECT_EQ(decide_next_step(attempt(Kind::no_answer), "h", 1, k_default).local.cause, LocalCause::server_refused);
    EXPECT_EQ(decide_next_step(attempt(Kind::compiler_crashed), "h", 1, k_default).local.cause,
              LocalCause::remote_crashed);
    NextStep io = decide_next_step(attempt(Kind::transport_error, 0, ExitCode::io_error), "h", 1, k_default);
    EXPECT_EQ(io.local.cause, LocalCause::transport_failed);
    EXPECT_EQ(io.local.stop_code, 107) << "DISTCC_FALLBACK=0 would exit with the transport's code";
}

TEST(FallbackPolicy, WithBackoffDisabledThreeAttemptsThenLocal) {
    PolicySettings no_backoff{true, false, false};
    EXPECT_EQ(decide_next_step(attempt(Kind::transport_error), "h", 2, no_backoff).action, Action::retry);
    NextStep third = decide_next_step(attempt(Kind::transport_error, 0, ExitCode::connect_failed), "h", 3, no_backoff);
    EXPECT_EQ(third.action, Action::run_locally);
    EXPECT_EQ(third.local.cause, LocalCause::attempts_exhausted);
    PolicySettings strict{false, false, false};
    NextStep stop = decide_next_step(attempt(Kind::transport_error, 0, ExitCode::connect_failed), "h", 3, strict);
    EXPECT_EQ(stop.action, Action::exit_with_server_output);
    EXPECT_EQ(stop.exit_code, 103);
}

TEST(FallbackPolicy, CompileErrorIsRecompiledLocallyByDefault) {
    NextStep next = decide_next_step(attempt(Kind::compile_failed, 1), "h", 1, k_default);
    EXPECT_EQ(next.action, Action::run_locally);
    EXPECT_EQ(next.local.cause, LocalCause::remote_failed);
    EXPECT_EQ(next.local.remote_code, 1);
    EXPECT_TRUE(next.dislike_host) << "cleared again when the local compile fails the same way";
}

TEST(FallbackPolicy, SkipLocalRetryShowsTheServerOutput) {
    PolicySettings skip{true, true, true};
    NextStep next = decide_next_step(attempt(Kind::compile_failed, 2), "h", 1, skip);
    EXPECT_EQ(next.action, Action::exit_with_server_output);
    EXPECT_EQ(next.exit_code, 2);
    EXPECT_FALSE(next.dislike_host);
}

TEST(FallbackPolicy, FallbackDisabledExitsWithTheRemoteCode) {
    PolicySettings no_fallback{false, false, true};
    NextStep next = decide_next_step(attempt(Kind::compile_failed, 110), "h", 1, no_fallback);
    EXPECT_EQ(next.action, Action::exit_with_server_output);
    EXPECT_EQ(next.exit_code, 110);
    EXPECT_EQ(next.local.stop_code, 110);
}

TEST(FallbackPolicy, PreprocessorFailureEndsTheJobOnce) {
    NextStep next = decide_next_step(attempt(Kind::cpp_failed, 1), "h", 1, k_default);
    EXPECT_EQ(next.action, Action::exit_with_code);
    EXPECT_EQ(next.exit_code, 1);
    EXPECT_FALSE(next.dislike_host) << "the host did nothing wrong";
}

TEST(FallbackPolicy, UnservedSideFilesRunLocallyWithoutBlamingTheHost) {
    NextStep next = decide_next_step(attempt(Kind::unserved, 0, ExitCode::distcc_failed, "distccd: cannot serve"), "h",
                                     1, k_default);
    EXPECT_EQ(next.action, Action::run_locally);
    EXPECT_FALSE(next.dislike_host);
    EXPECT_EQ(next.local.cause, LocalCause::side_files);
    EXPECT_EQ(next.local.detail, "distccd: cannot serve");
    next = decide_next_step(attempt(Kind::unserved, 0, ExitCode::distcc_failed), "h", 1,
                            PolicySettings{false, false, true});
    EXPECT_EQ(next.action, Action::exit_with_server_output);
    EXPECT_EQ(next.exit_code, 100);
    EXPECT_FALSE(next.dislike_host);
}

TEST(FallbackPolicy, OutputFailureRunsLocallyWithoutBlamingTheHost) {
    NextStep next = decide_next_step(attempt(Kind::output_failed, 0, ExitCode::io_error, "disk full"), "h", 1, k_default);
    EXPECT_EQ(next.action, Action::run_locally);
    EXPECT_FALSE(next.dislike_host);
    EXPECT_EQ(next.local.cause, LocalCause::output_failed);
}
