// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/fallback.cpp: what follows each kind of failed attempt under
// each combination of DISTCC_FALLBACK / DISTCC_SKIP_LOCAL_RETRY / backoff, and the
// single warning rendered for each reason a job runs locally.
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

LocalRun run_of(LocalCause cause, std::string host = "", std::string detail = "",
                compiler::LocalReason reason = compiler::LocalReason::no_input) {
    LocalRun run;
    run.cause = cause;
    run.host = std::move(host);
    run.detail = std::move(detail);
    run.scan_reason = reason;
    return run;
}

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

TEST(FallbackPolicy, OutputFailureRunsLocallyWithoutBlamingTheHost) {
    NextStep next = decide_next_step(attempt(Kind::output_failed, 0, ExitCode::io_error, "disk full"), "h", 1, k_default);
    EXPECT_EQ(next.action, Action::run_locally);
    EXPECT_FALSE(next.dislike_host);
    EXPECT_EQ(next.local.cause, LocalCause::output_failed);
}

TEST(LocalWarning, ExpectedLocalRunsAreSilent) {
    EXPECT_FALSE(render_local_warning(run_of(LocalCause::recursion), "a.c", true));
    EXPECT_FALSE(render_local_warning(run_of(LocalCause::localhost_chosen), "a.c", true));
    LocalRun linking = run_of(LocalCause::not_distributable, "", "", compiler::LocalReason::no_compile_flag);
    EXPECT_FALSE(render_local_warning(linking, "", false)) << "no hosts configured: nothing was expected";
}

TEST(LocalWarning, EveryReasonIsNamed) {
    LocalRun native = run_of(LocalCause::not_distributable, "", "", compiler::LocalReason::native_cpu);
    auto text = render_local_warning(native, "a.c", true);
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("a.c"), std::string::npos);
    EXPECT_NE(text->find(compiler::describe(compiler::LocalReason::native_cpu)), std::string::npos);
    EXPECT_NE(text->find("running locally"), std::string::npos);

    LocalRun refused = run_of(LocalCause::server_refused, "127.0.0.1:3632");
    text = render_local_warning(refused, "a.c", true);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->find("failed to distribute a.c to 127.0.0.1:3632, running locally instead"), 0u) << *text;
    EXPECT_NE(text->find("server provided no answer"), std::string::npos);

    LocalRun down = run_of(LocalCause::transport_failed, "h:1", "nonblocking connect to 127.0.0.1:1 failed: Connection refused");
    text = render_local_warning(down, "x.c", true);
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("Connection refused"), std::string::npos);

    LocalRun remote = run_of(LocalCause::remote_failed, "h");
    remote.remote_code = 1;
    text = render_local_warning(remote, "x.c", true);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->find("remote compilation of 'x.c' failed, retrying locally"), 0u) << *text;

    LocalRun backed_off = run_of(LocalCause::no_usable_host);
    text = render_local_warning(backed_off, "x.c", true);
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("backoff"), std::string::npos);

    for (LocalCause cause : {LocalCause::no_host_list, LocalCause::bad_host_list, LocalCause::local_error,
                             LocalCause::attempts_exhausted, LocalCause::remote_crashed, LocalCause::output_failed}) {
        LocalRun run = run_of(cause, "h", "detail text");
        auto rendered = render_local_warning(run, "x.c", true);
        ASSERT_TRUE(rendered) << static_cast<int>(cause);
        EXPECT_NE(rendered->find("running locally instead"), std::string::npos) << *rendered;
    }
}
