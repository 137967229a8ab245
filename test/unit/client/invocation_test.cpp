// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/invocation.cpp: explicit, implicit and masquerade modes, PATH
// trimming for masquerading (over a fake file probe), and the recursion guard.
#include "client/invocation.hpp"

#include <gtest/gtest.h>

#include <set>

#include "fakes.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;

namespace {

using Words = std::vector<std::string>;

}  // namespace

TEST(Invocation, ExplicitCompiler) {
    auto inv = detect_invocation(Words{"distcc", "gcc", "-c", "a.c"});
    ASSERT_TRUE(inv.ok());
    EXPECT_EQ(inv->mode, InvocationMode::explicit_compiler);
    EXPECT_EQ(inv->command, (Words{"gcc", "-c", "a.c"}));
    EXPECT_EQ(detect_invocation(Words{"/usr/bin/distcc", "/usr/bin/gcc", "-c", "a.c"})->command[0], "/usr/bin/gcc");
    EXPECT_EQ(detect_invocation(Words{"distcc", "ccache", "gcc", "-c", "a.c"})->command[0], "ccache");
}

TEST(Invocation, ImplicitCompilerIsCc) {
    for (const Words& argv : {Words{"distcc", "-c", "a.c"}, Words{"distcc", "a.c", "-c"}, Words{"distcc", "x.o", "-o", "p"},
                              Words{"distcc", "b.cpp", "-c"}}) {
        auto inv = detect_invocation(argv);
        ASSERT_TRUE(inv.ok());
        EXPECT_EQ(inv->mode, InvocationMode::implicit_compiler) << argv[1];
        EXPECT_EQ(inv->command[0], "cc");
        EXPECT_EQ(inv->command.size(), argv.size());
    }
}

TEST(Invocation, AnyNameContainingDistccIsDistcc) {
    EXPECT_TRUE(invoked_as_distcc("distcc"));
    EXPECT_TRUE(invoked_as_distcc("/opt/bin/mydistccwrap"));
    EXPECT_TRUE(invoked_as_distcc("distcc.exe"));
    EXPECT_FALSE(invoked_as_distcc("/usr/lib/distcc/gcc")) << "only the basename counts";
}

TEST(Invocation, Masquerade) {
    auto inv = detect_invocation(Words{"/usr/lib/distcc/g++", "-c", "a.cc"});
    ASSERT_TRUE(inv.ok());
    EXPECT_EQ(inv->mode, InvocationMode::masquerade);
    EXPECT_EQ(inv->command, (Words{"g++", "-c", "a.cc"}));
    EXPECT_EQ(detect_invocation(Words{"cc", "--version"})->command, (Words{"cc", "--version"}));
}

TEST(Invocation, MissingOperand) {
    auto inv = detect_invocation(Words{"distcc"});
    ASSERT_FALSE(inv.ok());
    EXPECT_EQ(inv.error().code, ExitCode::bad_arguments);
    EXPECT_FALSE(detect_invocation(Words{}).ok());
}

TEST(TrimPath, ByNameFindsTheFirstDirectoryWithTheCompiler) {
    FakeProbe probe;
    probe.executables = {"/usr/lib/distcc/gcc", "/usr/bin/gcc"};
    auto trimmed = trimmed_search_path("gcc", "/home/u/bin:/usr/lib/distcc:/usr/local/bin:/usr/bin", "/x", probe);
    ASSERT_TRUE(trimmed);
    EXPECT_EQ(*trimmed, "/usr/local/bin:/usr/bin");
}

TEST(TrimPath, BySlashMatchesTheDirectoryStringExactly) {
    FakeProbe probe;
    auto trimmed = trimmed_search_path("./masq/gcc", "/a:/w/masq:/usr/bin", "/w", probe);
    ASSERT_TRUE(trimmed);
    EXPECT_EQ(*trimmed, "/usr/bin");
    EXPECT_EQ(*trimmed_search_path("/w/x/../masq/gcc", "/w/masq:/b:/c", "/", probe), "/b:/c");
    EXPECT_FALSE(trimmed_search_path("/w/other/gcc", "/w/masq:/b", "/", probe));
}

TEST(TrimPath, NoMatchOrLastEntryLeavesPathAlone) {
    FakeProbe probe;
    probe.executables = {"/usr/lib/distcc/gcc"};
    EXPECT_FALSE(trimmed_search_path("gcc", "/a:/b", "/", probe));
    EXPECT_FALSE(trimmed_search_path("gcc", "/a:/usr/lib/distcc", "/", probe));
}

TEST(TrimPath, EmptyEntryMeansCurrentDirectory) {
    FakeProbe probe;
    probe.executables = {"./gcc"};
    EXPECT_EQ(*trimmed_search_path("gcc", "/a::/usr/bin", "/", probe), "/usr/bin");
}

TEST(Recursion, Guard) {
    EXPECT_EQ(*check_recursion(0, false), RecursionVerdict::proceed);
    EXPECT_EQ(*check_recursion(0, true), RecursionVerdict::proceed);
    EXPECT_EQ(*check_recursion(1, true), RecursionVerdict::run_locally) << "masquerade under distcc or distccd";
    auto direct = check_recursion(1, false);
    ASSERT_FALSE(direct.ok());
    EXPECT_EQ(direct.error().code, ExitCode::recursion);
    EXPECT_NE(direct.error().message.find("distcc seems to have invoked itself recursively!"), std::string::npos);
    EXPECT_FALSE(check_recursion(2, true).ok());
}
