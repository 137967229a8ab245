// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/job.cpp (the JobRunner flow): its decisions with every outside
// resource faked (fakes.hpp) -- which host is tried, when a host is backed off and
// when it is tried again, when the job waits, when and with which warning it falls
// back to a local compile, and which exit code it ends with.
#include "client/job.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;
using Kind = AttemptResult::Kind;

namespace {

using Words = std::vector<std::string>;

const Words k_compile{"gcc", "-c", "foo.c", "-o", "foo.o"};

// One job's world: a host list, lock files, backoff marks, a clock, effects.
struct Harness {
    Config config;
    FakeReader reader;
    FakeLocks locks;
    FakeBackoffStore backoff;
    CountingPauser pauser;
    StateWriter state{"", 0};  // disabled
    FakeProbe probe;
    FakeEffects effects;
    JobRecorder* journal = nullptr;
    std::string distcc_dir;  // for +zeroconf

    Harness() {
        config.no_rewrite_cross = true;  // compiler names are not under test here
        effects.locks = &locks;
    }

    int run(const std::string& hosts, const Words& command = k_compile) {
        JobContext context{config,
                           HostListSources{hosts, distcc_dir, "/etc"},
                           HostSpecFeatures{},
                           "x86_64-linux-gnu",
                           1,
                           reader,
                           locks,
                           backoff,
                           pauser,
                           state,
                           probe,
                           effects};
        context.journal = journal;
        return run_compile_job(context, command);
    }
};

constexpr int exited(int code) { return code << 8; }

}  // namespace

TEST(JobRunner, SuccessOnTheFirstHostCompilesNothingLocally) {
    Harness h;
    LogCapture log;
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, Words{"a"});
    EXPECT_TRUE(h.effects.local_runs.empty());
    EXPECT_EQ(h.effects.preprocessor_runs.size(), 1u);
    EXPECT_TRUE(h.backoff.touched.empty());
    EXPECT_TRUE(h.locks.held.empty()) << "every slot is released at the end";
    EXPECT_FALSE(log.contains("Warning")) << log.text();
}

TEST(JobRunner, ZeroconfHostsGetOnlyJobsForTheCompilersTheyAnnounced) {
    Harness h;
    h.distcc_dir = "/d";
    h.reader.discovered["/d"] = "a:3632/2 # compilers: clang\nb:3632/2 # compilers: gcc cc\nold:3632/2\n";
    h.effects.script("old:3632/2", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    EXPECT_EQ(h.run("+zeroconf"), 0);
    EXPECT_EQ(h.effects.attempted, (Words{"b:3632/2"}));
    Harness clang;
    clang.distcc_dir = "/d";
    clang.reader.discovered["/d"] = h.reader.discovered["/d"];
    EXPECT_EQ(clang.run("+zeroconf", Words{"/usr/bin/clang", "-c", "foo.c", "-o", "foo.o"}), 0);
    EXPECT_EQ(clang.effects.attempted, (Words{"a:3632/2"}));
    Harness other;
    other.distcc_dir = "/d";
    other.reader.discovered["/d"] = "a:3632/2 # compilers: clang\nold:3632/2\n";
    EXPECT_EQ(other.run("+zeroconf", Words{"g++", "-c", "foo.cc", "-o", "foo.o"}), 0);
    EXPECT_EQ(other.effects.attempted, (Words{"old:3632/2"})) << "a host without a note takes any compiler";
}

TEST(JobRunner, TheHostSlotIsHeldDuringTheAttempt) {
    Harness h;
    EXPECT_EQ(h.run("a"), 0);
    ASSERT_EQ(h.effects.locks_held.size(), 1u);
    EXPECT_TRUE(h.effects.locks_held[0].count("cpu_tcp_a_3632_0")) << "the remote host's slot 0";
}

TEST(JobRunner, HostDownBacksItOffAndTriesTheNextHost) {
    Harness h;
    h.effects.script("a", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    LogCapture log;
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, (Words{"a", "b"}));
    EXPECT_EQ(h.backoff.touched, Words{"backoff_tcp_a_3632_0"});
    EXPECT_TRUE(h.effects.local_runs.empty());
    EXPECT_EQ(h.effects.preprocessor_runs.size(), 1u) << "the preprocessor runs once however many hosts are tried";
    EXPECT_FALSE(log.contains("Warning")) << "a retry that succeeds is not worth a warning: " << log.text();
}

TEST(JobRunner, AllHostsDownCompilesLocallyWithOneWarningNamingTheLastHost) {
    Harness h;
    h.effects.script("a", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    h.effects.script("b", {outcome(Kind::no_answer, 0, ExitCode::truncated)});
    h.effects.local_wait_status = exited(0);
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, (Words{"a", "b"}));
    EXPECT_EQ(h.backoff.touched, (Words{"backoff_tcp_a_3632_0", "backoff_tcp_b_3632_0"}));
    ASSERT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_EQ(h.effects.local_runs[0], k_compile);
    EXPECT_TRUE(log.contains("failed to distribute foo.c to b, running locally instead")) << log.text();
    EXPECT_TRUE(log.contains("server provided no answer")) << log.text();
}

TEST(JobRunner, LocalFallbackExitsWithTheLocalCompilersCode) {
    Harness h;
    h.effects.script("a", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    h.effects.local_wait_status = exited(3);
    LogCapture log;
    EXPECT_EQ(h.run("a"), 3);
}

TEST(JobRunner, AHostInBackoffIsSkippedUntilThePeriodIsOver) {
    Harness h;
    h.backoff.ages["backoff_tcp_a_3632_0"] = 10;
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, Words{"b"}) << "a failed 10 s ago (period 60 s)";

    h.backoff.advance(51);  // a's mark is 61 s old now
    h.effects.attempted.clear();
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, Words{"a"});
    EXPECT_FALSE(h.backoff.marked("backoff_tcp_a_3632_0")) << "success clears the old mark";
}

TEST(JobRunner, EveryHostInBackoffFallsBackWithoutAnAttempt) {
    Harness h;
    h.backoff.ages["backoff_tcp_a_3632_0"] = 1;
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 0);
    EXPECT_TRUE(h.effects.attempted.empty());
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(log.contains("failed to distribute, running locally instead")) << log.text();
}

TEST(JobRunner, RemoteCompileFailureIsRetriedLocallyAndTheHostForgiven) {
    Harness h;
    h.effects.script("a", {outcome(Kind::compile_failed, 1, ExitCode::ok, "foo.c:1: error\n")});
    h.effects.local_wait_status = exited(1);
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 1);
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(log.contains("remote compilation of 'foo.c' failed, retrying locally")) << log.text();
    EXPECT_FALSE(h.backoff.marked("backoff_tcp_a_3632_0")) << "same result here: the source was at fault";
    EXPECT_FALSE(log.contains("different result")) << log.text();
}

TEST(JobRunner, RemoteFailureWithADifferentLocalResultWarnsAndKeepsTheBackoff) {
    Harness h;
    h.effects.script("a", {outcome(Kind::compile_failed, 1)});
    h.effects.local_wait_status = exited(0);
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 0);
    EXPECT_TRUE(log.contains("retried locally and got a different result")) << log.text();
    EXPECT_TRUE(h.backoff.marked("backoff_tcp_a_3632_0"));
}

TEST(JobRunner, SkipLocalRetryExitsWithTheRemoteCode) {
    Harness h;
    h.config.skip_local_retry = true;
    h.effects.script("a", {outcome(Kind::compile_failed, 4, ExitCode::ok, "remote diagnostics\n")});
    LogCapture log;
    EXPECT_EQ(h.run("a"), 4);
    EXPECT_TRUE(h.effects.local_runs.empty());
}

TEST(JobRunner, RemoteCrashBacksOffAndTriesAnotherHost) {
    Harness h;
    h.effects.script("a", {outcome(Kind::compiler_crashed, 139)});
    LogCapture log;
    EXPECT_EQ(h.run("a b"), 0);
    EXPECT_EQ(h.effects.attempted, (Words{"a", "b"}));
    EXPECT_TRUE(h.backoff.marked("backoff_tcp_a_3632_0"));
}

TEST(JobRunner, FallbackDisabledStopsWithTheTransportCode) {
    Harness h;
    h.config.fallback = false;
    h.effects.script("a", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    LogCapture log;
    EXPECT_EQ(h.run("a"), to_int(ExitCode::connect_failed));
    EXPECT_TRUE(h.effects.local_runs.empty());
    EXPECT_TRUE(log.contains("failed to distribute and fallbacks are disabled")) << log.text();
}

TEST(JobRunner, FallbackDisabledWithoutHostsIsExit116) {
    Harness h;
    h.config.fallback = false;
    LogCapture log;
    EXPECT_EQ(h.run(""), to_int(ExitCode::no_hosts));
    EXPECT_TRUE(h.effects.local_runs.empty());
}

TEST(JobRunner, EmptyHostListWarnsIn34sWordsAndCompilesLocally) {
    Harness h;
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run(""), 0);
    EXPECT_TRUE(log.contains("$DISTCC_HOSTS contained no hosts; can't distribute work")) << log.text();
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(h.effects.preprocessor_runs.empty());
}

TEST(JobRunner, WithoutBackoffAtMostThreeHostsAreTried) {
    Harness h;
    h.config.backoff_period_sec = 0;
    for (const char* host : {"a", "b", "c", "d"})
        h.effects.script(host, {outcome(Kind::transport_error, 0, ExitCode::io_error)});
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a b c d"), 0);
    EXPECT_EQ(h.effects.attempted, (Words{"a", "b", "c"}));
    EXPECT_TRUE(h.backoff.touched.empty()) << "backoff disabled: no marks";
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(log.contains("couldn't find a host in 3 attempts")) << log.text();
}

TEST(JobRunner, BusyHostsAreWaitedFor) {
    Harness h;
    h.config.pause_time_msec = 250;
    h.locks.foreign = {"cpu_tcp_a_3632_0", "cpu_tcp_a_3632_1"};
    h.pauser.on_pause = [&h] {
        if (h.pauser.calls == 2) h.locks.foreign.clear();  // another client finished
    };
    EXPECT_EQ(h.run("a/2"), 0);
    EXPECT_EQ(h.pauser.calls, 2);
    EXPECT_EQ(h.pauser.total_ms, 500);
    EXPECT_EQ(h.effects.attempted, Words{"a/2"});
    EXPECT_TRUE(h.effects.local_runs.empty()) << "busy is not a failure";
}

TEST(JobRunner, LocalByNatureIsSilentAndTouchesNoHost) {
    Harness h;
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a", Words{"gcc", "foo.o", "-o", "prog"}), 0);
    EXPECT_TRUE(h.effects.attempted.empty());
    EXPECT_TRUE(h.effects.preprocessor_runs.empty());
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_EQ(log.text(), "") << "a link prints nothing, as with 3.4";
}

TEST(JobRunner, PreprocessOnlyTakesACppSlot) {
    Harness h;
    EXPECT_EQ(h.run("--localslots_cpp=1 a", Words{"gcc", "-E", "foo.c"}), 0);
    ASSERT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_NE(std::find(h.locks.attempts.begin(), h.locks.attempts.end(), "cpu_localhost_0"), h.locks.attempts.end());
    EXPECT_TRUE(h.effects.attempted.empty());
}

TEST(JobRunner, LocalhostChosenFromTheListCompilesHere) {
    Harness h;
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("localhost a"), 0);
    EXPECT_TRUE(h.effects.attempted.empty());
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_EQ(log.text(), "");
}

TEST(JobRunner, LocalPreprocessorFailureEndsTheJobWithItsCode) {
    Harness h;
    h.effects.script("a", {outcome(Kind::cpp_failed, 1)});
    LogCapture log;
    EXPECT_EQ(h.run("a b"), 1);
    EXPECT_EQ(h.effects.attempted, Words{"a"});
    EXPECT_TRUE(h.effects.local_runs.empty()) << "its diagnostics were shown once already";
    EXPECT_TRUE(h.backoff.touched.empty());
}

TEST(JobRunner, PreprocessorThatCannotStartFallsBackLocally) {
    Harness h;
    h.effects.preprocessor_error = make_error(ExitCode::io_error, "can't use TMPDIR");
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 0);
    EXPECT_TRUE(h.effects.attempted.empty());
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(log.contains("can't use TMPDIR")) << log.text();
}

TEST(JobRunner, UnusableLockDirectoryCompilesLocally) {
    Harness h;
    h.locks.broken = true;
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 0);
    EXPECT_TRUE(h.effects.attempted.empty());
    EXPECT_EQ(h.effects.local_runs.size(), 1u);
    EXPECT_TRUE(log.contains("lock dir unusable")) << log.text();
}

TEST(JobRunner, CompilerMissingLocallyIsExit110) {
    Harness h;
    h.effects.local_error = make_error(ExitCode::compiler_missing, "failed to exec gcc");
    LogCapture log;
    EXPECT_EQ(h.run("a", Words{"gcc", "foo.o", "-o", "prog"}), to_int(ExitCode::compiler_missing));
}

TEST(JobRunner, JournalRecordsARetryAndTheRemoteResult) {
    Harness h;
    JobRecorder recorder;
    h.journal = &recorder;
    h.effects.script("a", {outcome(Kind::transport_error, 0, ExitCode::connect_failed)});
    h.backoff.ages["backoff_tcp_c_3632_0"] = 10;
    EXPECT_EQ(h.run("a b,lzo c"), 0);
    const JournalRecord& r = recorder.record();
    EXPECT_EQ(r.input, "foo.c");
    EXPECT_EQ(r.output, "foo.o");
    EXPECT_EQ(r.mode, "tcp");
    EXPECT_EQ(r.host, "b,lzo");
    EXPECT_EQ(r.protocol, 2);
    EXPECT_EQ(r.compression, "lzo");
    EXPECT_EQ(r.outcome, "remote");
    EXPECT_TRUE(r.reason.empty());
    ASSERT_EQ(r.failed_attempts.size(), 1u);
    EXPECT_EQ(r.failed_attempts[0].host, "a");
    EXPECT_EQ(r.backed_off, Words{"c"});
}

TEST(JobRunner, JournalRecordsAFallbackWithTheWarningsReason) {
    Harness h;
    JobRecorder recorder;
    h.journal = &recorder;
    h.effects.script("a", {outcome(Kind::no_answer, 0, ExitCode::truncated)});
    h.effects.local_wait_status = exited(0);
    LogCapture log(log::Level::warning);
    EXPECT_EQ(h.run("a"), 0);
    const JournalRecord& r = recorder.record();
    EXPECT_EQ(r.mode, "local");
    EXPECT_EQ(r.host, "localhost");
    EXPECT_EQ(r.outcome, "fallback");
    EXPECT_FALSE(r.reason.empty());
    EXPECT_TRUE(log.contains(r.reason)) << "the journal's reason is the warning's: " << r.reason << " / " << log.text();
    ASSERT_EQ(r.failed_attempts.size(), 1u);
    EXPECT_EQ(r.failed_attempts[0].reason, r.reason);
}

TEST(JobRunner, JournalRecordsALocalByNatureJob) {
    Harness h;
    JobRecorder recorder;
    h.journal = &recorder;
    h.effects.local_wait_status = exited(0);
    EXPECT_EQ(h.run("a", Words{"gcc", "-o", "prog", "foo.o"}), 0);
    EXPECT_EQ(recorder.record().outcome, "local");
    EXPECT_EQ(recorder.record().reason.rfind("linking", 0), 0u)
        << "compiler::describe's words: " << recorder.record().reason;
}
