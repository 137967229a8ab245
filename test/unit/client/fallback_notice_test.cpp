// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/fallback_notice.cpp: commands that are local by nature get no
// warning (only a debug line naming the reason), and real fallbacks keep distcc 3.4's
// phrases -- the lines scripts grep for -- with the reason after them.
#include "client/fallback_notice.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "compiler/scan_args.hpp"

using namespace dcc;
using namespace dcc::client;
using log::Level;

namespace {

LocalRun run_of(LocalCause cause, std::string host = "", std::string detail = "") {
    LocalRun run;
    run.cause = cause;
    run.host = std::move(host);
    run.detail = std::move(detail);
    return run;
}

LocalRun scanned(const std::vector<std::string>& argv) {
    auto scan = compiler::scan_args(argv);
    EXPECT_TRUE(scan.ok());
    EXPECT_FALSE(scan->distribute());
    LocalRun run = run_of(LocalCause::not_distributable);
    run.scan_reason = scan->reason;
    return run;
}

// The one line of a rendering that should have exactly one, checked for its level.
std::string only_line(const std::vector<Notice>& notices, Level level) {
    EXPECT_EQ(notices.size(), 1u);
    if (notices.empty()) return "";
    EXPECT_EQ(notices[0].level, level) << notices[0].text;
    return notices[0].text;
}

}  // namespace

TEST(FallbackNotice, EveryScannerReasonIsDebugOnly) {
    using R = compiler::LocalReason;
    for (int i = static_cast<int>(R::preprocess_only); i <= static_cast<int>(R::missing_argument); ++i) {
        LocalRun run = run_of(LocalCause::not_distributable);
        run.scan_reason = static_cast<R>(i);
        std::string text = only_line(render_local_run(run, "a.c"), Level::debug);
        EXPECT_NE(text.find(compiler::describe(run.scan_reason)), std::string::npos) << text;
    }
}

TEST(FallbackNotice, LinksPreprocessingAndProbesAreSilent) {
    const std::vector<std::vector<std::string>> commands = {
        {"gcc", "-o", "prog", "main.o", "x.o"},
        {"gcc", "main.o", "-o", "prog"},
        {"gcc", "-E", "x.c"},
        {"gcc", "-M", "x.c"},
        {"gcc", "-MM", "x.c"},
        {"gcc", "-c", "conftest.c"},
        {"gcc", "-c", "asm.s", "-o", "asm.o"},
        {"gcc", "-c", "a.c", "b.c"},
        {"gcc", "-march=native", "-c", "a.c", "-o", "a.o"},
        {"gcc", "--version"},
    };
    for (const auto& argv : commands) {
        LocalRun run = scanned(argv);
        std::vector<Notice> notices = render_local_run(run, "x.c");
        ASSERT_EQ(notices.size(), 1u) << argv[1];
        EXPECT_EQ(notices[0].level, Level::debug) << notices[0].text;
        EXPECT_EQ(notices[0].text.find("running x.c locally: "), 0u) << notices[0].text;
    }
    EXPECT_EQ(only_line(render_local_run(run_of(LocalCause::recursion), ""), Level::debug).find("running the command"),
              0u);
    only_line(render_local_run(run_of(LocalCause::localhost_chosen, "localhost"), "a.c"), Level::debug);
}

TEST(FallbackNotice, EmptyHostListInDistcc34Words) {
    LocalRun run = run_of(LocalCause::no_host_list, "", "$DISTCC_HOSTS contained no hosts; can't distribute work");
    std::vector<Notice> notices = render_local_run(run, "a.c");
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].level, Level::warning);
    EXPECT_EQ(notices[0].text, "$DISTCC_HOSTS contained no hosts; can't distribute work");
    EXPECT_EQ(notices[1].level, Level::warning);
    EXPECT_EQ(notices[1].text, "failed to distribute, running locally instead");
}

TEST(FallbackNotice, UnusableHostListIsAnError) {
    LocalRun run = run_of(LocalCause::bad_host_list, "", "$DISTCC_HOSTS: bad host specification \"a:b\": ...");
    std::vector<Notice> notices = render_local_run(run, "a.c");
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].level, Level::error);
    EXPECT_EQ(notices[0].text, run.detail);
    EXPECT_EQ(notices[1].text, "failed to distribute, running locally instead");
}

TEST(FallbackNotice, TransportFailureNamesFileHostAndReason) {
    LocalRun run = run_of(LocalCause::transport_failed, "127.0.0.1:1",
                          "nonblocking connect to 127.0.0.1:1 failed: Connection refused");
    EXPECT_EQ(only_line(render_local_run(run, "x.c"), Level::warning),
              "failed to distribute x.c to 127.0.0.1:1, running locally instead: nonblocking connect to 127.0.0.1:1 "
              "failed: Connection refused");
}

TEST(FallbackNotice, RefusalKeepsDistcc34Question) {
    std::string text = only_line(render_local_run(run_of(LocalCause::server_refused, "h:3632"), "a.c"), Level::warning);
    EXPECT_EQ(text.find("failed to distribute a.c to h:3632, running locally instead: server provided no answer. Is "
                        "the server configured to allow access from your IP address? Is the server performing "
                        "authentication and your client isn't? Does the server have the compiler installed? Is the "
                        "server configured to access the compiler?"),
              0u)
        << text;
}

TEST(FallbackNotice, NoHostTriedLeavesOutFileAndHost) {
    EXPECT_EQ(only_line(render_local_run(run_of(LocalCause::no_usable_host), "x.c"), Level::warning),
              "failed to distribute, running locally instead: every host is down or in backoff");
    EXPECT_EQ(only_line(render_local_run(run_of(LocalCause::local_error, "", "can't use TMPDIR \"/x\""), "x.c"),
                        Level::warning),
              "failed to distribute, running locally instead: can't use TMPDIR \"/x\"");
}

TEST(FallbackNotice, RemoteCompileFailureIsRetried) {
    LocalRun run = run_of(LocalCause::remote_failed, "h");
    run.remote_code = 1;
    EXPECT_EQ(only_line(render_local_run(run, "x.c"), Level::warning),
              "remote compilation of 'x.c' failed, retrying locally (exit code 1 on h)");
}

TEST(FallbackNotice, EveryRealFallbackWarns) {
    for (LocalCause cause : {LocalCause::attempts_exhausted, LocalCause::remote_crashed, LocalCause::output_failed,
                             LocalCause::transport_failed, LocalCause::argument_policy}) {
        std::string text = only_line(render_local_run(run_of(cause, "h", "detail text"), "x.c"), Level::warning);
        EXPECT_EQ(text.find("failed to distribute x.c to h, running locally instead: "), 0u) << text;
        EXPECT_NE(text.find("detail text"), std::string::npos) << text;
    }
}
