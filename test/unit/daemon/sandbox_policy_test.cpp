// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/sandbox_policy.cpp: the words of --sandbox, and what each
// mode decides on a kernel with and without usable namespaces.
#include "daemon/sandbox_policy.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::daemon;

namespace {

KernelSupport with_namespaces() {
    KernelSupport s;
    s.namespaces = true;
    s.landlock_abi = 7;
    s.seccomp_filter = true;
    return s;
}

KernelSupport without_namespaces() {
    KernelSupport s;
    s.namespaces_problem = "sandbox: clone with new user, ... namespaces: Operation not permitted "
                           "(user.max_user_namespaces is 0)";
    s.landlock_abi = 4;
    s.seccomp_filter = true;
    return s;
}

}  // namespace

TEST(SandboxMode, WordsRoundTrip) {
    for (SandboxMode mode : {SandboxMode::automatic, SandboxMode::required, SandboxMode::off}) {
        auto parsed = parse_sandbox_mode(sandbox_mode_name(mode));
        ASSERT_TRUE(parsed.has_value()) << sandbox_mode_name(mode);
        EXPECT_EQ(*parsed, mode);
    }
    EXPECT_EQ(parse_sandbox_mode("auto"), SandboxMode::automatic);
}

TEST(SandboxMode, RejectsOtherWords) {
    for (const char* word : {"", "Auto", "on", "yes", "required ", "automatic", "1"})
        EXPECT_FALSE(parse_sandbox_mode(word).has_value()) << word;
}

TEST(DecideSandbox, NamespacesWhenTheKernelAllows) {
    for (SandboxMode mode : {SandboxMode::automatic, SandboxMode::required}) {
        SandboxDecision d = decide_sandbox(mode, with_namespaces());
        EXPECT_EQ(d.confinement, Confinement::namespaces);
        EXPECT_FALSE(d.refusal.has_value());
        EXPECT_EQ(d.level, log::Level::info);
        EXPECT_NE(d.message.find("sandbox"), std::string::npos);
    }
}

TEST(DecideSandbox, OffNeverConfinesNorProbes) {
    for (const KernelSupport& s : {with_namespaces(), without_namespaces()}) {
        SandboxDecision d = decide_sandbox(SandboxMode::off, s);
        EXPECT_EQ(d.confinement, Confinement::none);
        EXPECT_FALSE(d.refusal.has_value());
        EXPECT_NE(d.message.find("--sandbox=off"), std::string::npos);
    }
}

TEST(DecideSandbox, AutoWithoutNamespacesWarnsOnceWithTheReason) {
    SandboxDecision d = decide_sandbox(SandboxMode::automatic, without_namespaces());
    EXPECT_EQ(d.confinement, Confinement::none);
    EXPECT_FALSE(d.refusal.has_value());
    EXPECT_EQ(d.level, log::Level::warning);
    EXPECT_NE(d.message.find("user.max_user_namespaces is 0"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("unconfined"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("Landlock ABI 4"), std::string::npos) << d.message;
}

TEST(DecideSandbox, RequiredWithoutNamespacesRefusesToStart) {
    SandboxDecision d = decide_sandbox(SandboxMode::required, without_namespaces());
    EXPECT_EQ(d.confinement, Confinement::none);
    ASSERT_TRUE(d.refusal.has_value());
    EXPECT_EQ(d.refusal->code, ExitCode::distcc_failed);
    EXPECT_NE(d.refusal->message.find("--sandbox=required"), std::string::npos);
    EXPECT_NE(d.refusal->message.find("user.max_user_namespaces is 0"), std::string::npos);
    EXPECT_EQ(d.level, log::Level::critical);
    EXPECT_EQ(d.message, d.refusal->message);
}

TEST(DecideSandbox, ReportsAKernelWithoutLandlockOrSeccomp) {
    KernelSupport s = without_namespaces();
    s.landlock_abi = 0;
    s.seccomp_filter = false;
    SandboxDecision d = decide_sandbox(SandboxMode::automatic, s);
    EXPECT_NE(d.message.find("no Landlock, without seccomp"), std::string::npos) << d.message;
}
