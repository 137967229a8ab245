// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/admission.cpp and cmdlist.cpp: which argv a daemon runs.  The
// whitelist is a fake masquerade directory; the cases include every CVE-2004-2687
// shape the issue names (sh -c, absolute paths, -fplugin=, -wrapper, -B, -specs=)
// and how the argument allow-list's refusals reach the job (the allow-list's own
// cases are in test/unit/compiler/argument_policy_test.cpp).
#include "daemon/admission.hpp"

#include <gtest/gtest.h>

#include "compiler/fake_file_probe.hpp"
#include "daemon/cmdlist.hpp"

using namespace dcc;
using namespace dcc::daemon;
using dcc::compiler::test::FakeFileProbe;

namespace {

class AdmissionTest : public ::testing::Test {
protected:
    AdmissionTest() {
        probe.executable("/usr/lib/distcc/gcc")
            .executable("/usr/lib/distcc/x86_64-linux-gnu-gcc")
            .executable("/usr/bin/distcc")
            .symlink("/usr/lib/distcc/cc", "../../bin/distcc")
            .symlink("/usr/lib/distcc/dangling", "/nonexistent")
            .regular("/usr/lib/distcc/not-executable");
        policy.whitelist_dirs = {"/usr/local/lib/distcc", "/usr/lib/distcc"};
    }

    // The refusal's rule, or "" when admitted.
    std::string rule_for(std::vector<std::string> argv) {
        auto refusal = admit_command(argv, policy, probe);
        return refusal ? refusal->rule : "";
    }

    FakeFileProbe probe;
    AdmissionPolicy policy;
};

std::vector<std::string> with(std::initializer_list<const char*> extra) {
    std::vector<std::string> argv{"gcc", "-c", "x.c", "-o", "x.o"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

}  // namespace

TEST_F(AdmissionTest, WhitelistedNamesAreAdmitted) {
    EXPECT_EQ(rule_for({"gcc", "-c", "x.c"}), "");
    EXPECT_EQ(rule_for({"x86_64-linux-gnu-gcc", "-c", "x.c"}), "");
    EXPECT_EQ(rule_for({"cc", "-c", "x.c"}), "");  // a symlink to distcc counts
    // A leading /bin/ or /usr/bin/ is ignored for the check (case-insensitively).
    EXPECT_EQ(rule_for({"/usr/bin/gcc", "-c", "x.c"}), "");
    EXPECT_EQ(rule_for({"/BIN/gcc", "-c", "x.c"}), "");
}

TEST_F(AdmissionTest, Cve2004_2687Shapes) {
    EXPECT_EQ(rule_for({"sh", "-c", "id > /tmp/pwned"}), "whitelist");
    EXPECT_EQ(rule_for({"/bin/sh", "-c", "id"}), "whitelist");
    EXPECT_EQ(rule_for({"/tmp/evil/gcc", "-c", "x.c"}), "compiler_path");
    EXPECT_EQ(rule_for({"../gcc", "-c", "x.c"}), "compiler_path");
    EXPECT_EQ(rule_for({"/usr/bin/../../tmp/gcc", "-c", "x.c"}), "compiler_path");
    EXPECT_EQ(rule_for(with({"-fplugin=/tmp/evil.so"})), "plugin");
    EXPECT_EQ(rule_for(with({"-wrapper", "sh,-c,id"})), "program");
    EXPECT_EQ(rule_for(with({"-B/tmp/evil"})), "program");
    EXPECT_EQ(rule_for(with({"-B", "/tmp/evil"})), "program");
    EXPECT_EQ(rule_for(with({"-specs=evil.specs"})), "specs");
    EXPECT_EQ(rule_for(with({"--specs=evil.specs"})), "program");
    EXPECT_EQ(rule_for(with({"--specs", "evil.specs"})), "program");
}

TEST_F(AdmissionTest, NamesThatAreNotUsableExecutablesAreRefused) {
    EXPECT_EQ(rule_for({"dangling", "-c", "x.c"}), "whitelist");
    EXPECT_EQ(rule_for({"not-executable", "-c", "x.c"}), "whitelist");
    EXPECT_EQ(rule_for({"..", "-c", "x.c"}), "whitelist");
    EXPECT_EQ(rule_for({"", "-c", "x.c"}), "compiler_path");
}

TEST_F(AdmissionTest, RefusalsCarryUpstreamMessages) {
    std::vector<std::string> argv{"sh", "-c", "x"};
    auto refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->argument, "sh");
    EXPECT_EQ(refusal->reason, "sh not in /usr/local/lib/distcc or /usr/lib/distcc whitelist.");
    EXPECT_EQ(refusal->level, log::Level::critical);
    argv = with({"-fplugin=x.so"});
    refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->argument, "-fplugin=x.so");
    EXPECT_EQ(refusal->reason, "-fplugin= passed, which are insecure and not supported.");
    std::string line = describe_refusal("127.0.0.1:4000", *refusal);
    EXPECT_EQ(line, "refused job from 127.0.0.1:4000: rule plugin, argument \"-fplugin=x.so\": "
                    "-fplugin= passed, which are insecure and not supported.");
}

TEST_F(AdmissionTest, InsecureSkipsTheWhitelistButNotTheFlags) {
    policy.check_whitelist = false;
    EXPECT_EQ(rule_for({"/opt/cross/bin/gcc", "-c", "x.c"}), "");
    EXPECT_EQ(rule_for({"anything", "-c", "x.c"}), "");
    EXPECT_EQ(rule_for({"gcc", "-c", "x.c", "-fplugin=x.so"}), "plugin");
    EXPECT_EQ(rule_for({"gcc", "-c", "x.c", "-B/tmp"}), "program");
    // A compiler of no known family is held to both families' tables.
    EXPECT_EQ(rule_for({"anything", "-c", "x.c", "-O2"}), "");
    EXPECT_EQ(rule_for({"anything", "-c", "x.c", "-Xclang", "-fno-pch-timestamp"}), "unknown_option");
}

TEST_F(AdmissionTest, AllowListRefusalsNameTheWordAndTheReason) {
    std::vector<std::string> argv = with({"-Xclang", "-load", "-Xclang", "/tmp/p.so"});
    argv[0] = "x86_64-linux-gnu-gcc";
    auto refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_STREQ(refusal->rule, "unknown_option");  // gcc has no -Xclang at all
    EXPECT_EQ(refusal->argument, "-Xclang");
    EXPECT_EQ(refusal->level, log::Level::warning);
    argv = with({"-MF", "/home/u/.bashrc"});
    refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(describe_refusal("127.0.0.1:4000", *refusal),
              "refused job from 127.0.0.1:4000: rule output_path, argument \"-MF /home/u/.bashrc\": an output "
              "path must be relative and stay inside the job directory");
    EXPECT_EQ(rule_for(with({"-O2", "-g", "-MD", "-MF", "x.d", "-fPIC", "-Wall"})), "");
}

TEST_F(AdmissionTest, TheFamilyIsThatOfTheCompilerThatRuns) {
    // DISTCC_CMDLIST maps the name first: the mapped compiler's table applies.
    CommandList list("/usr/bin/clang\n", 1);
    policy.command_list = &list;
    std::vector<std::string> argv{"clang", "-c", "x.c", "-o", "x.o", "-Xclang", "-fno-pch-timestamp"};
    EXPECT_FALSE(admit_command(argv, policy, probe));
    argv = {"clang", "-c", "x.c", "-o", "x.o", "-Xclang", "-load", "-Xclang", "p.so"};
    auto refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_STREQ(refusal->rule, "plugin");
    EXPECT_EQ(refusal->argument, "-Xclang -load -Xclang p.so");
}

TEST_F(AdmissionTest, SpecsUnderSysrootFollowUpstream) {
    probe.regular("/srv/sysroot/ok.specs");
    policy.sysroot = "/srv/sysroot";
    EXPECT_EQ(rule_for(with({"-specs=missing.specs"})), "specs");
    // Upstream's check passes a -specs= file found under --sysroot; the allow-list
    // still refuses it (doc/security.md §2: a specs file can run any program), as
    // the argument scanner already keeps -specs= local.
    EXPECT_EQ(rule_for(with({"-specs=ok.specs"})), "not_compile");
}

TEST_F(AdmissionTest, CommandListMapsAndReplacesTheWhitelist) {
    CommandList list("/usr/bin/gcc\n/opt/cross/bin/arm-gcc\n", 1);
    policy.command_list = &list;
    std::vector<std::string> argv{"arm-gcc", "-c", "x.c"};
    EXPECT_FALSE(admit_command(argv, policy, probe));
    EXPECT_EQ(argv[0], "/opt/cross/bin/arm-gcc");
    argv = {"sh", "-c", "x"};
    auto refusal = admit_command(argv, policy, probe);
    ASSERT_TRUE(refusal);
    EXPECT_STREQ(refusal->rule, "cmdlist");
    EXPECT_EQ(refusal->reason, "lookup of sh in DISTCC_CMDLIST failed");
}

TEST(CommandList, MatchesTheLastComponents) {
    EXPECT_EQ(last_components("/usr/bin/gcc", 1), "gcc");
    EXPECT_EQ(last_components("/usr/bin/gcc", 2), "bin/gcc");
    EXPECT_EQ(last_components("gcc", 3), "gcc");
    EXPECT_EQ(last_components("/a/b", 5), "/a/b");
    CommandList two("/usr/bin/gcc\n/opt/x/bin/gcc", 2);
    EXPECT_EQ(two.size(), 2u);
    EXPECT_EQ(two.lookup("bin/gcc"), "/usr/bin/gcc");
    EXPECT_EQ(two.lookup("/elsewhere/bin/gcc"), "/usr/bin/gcc");
    EXPECT_FALSE(two.lookup("gcc"));
    CommandList one("/usr/bin/gcc\n\n", 0);  // numwords below 1 counts as 1
    EXPECT_EQ(one.lookup("gcc"), "/usr/bin/gcc");
    EXPECT_EQ(one.size(), 1u);
}

TEST(Whitelist, MissingDirectoryNamesTheCommandThatFillsIt) {
    std::string message = missing_whitelist_message({"/opt/d/lib/distcc", "/usr/lib/distcc"});
    EXPECT_EQ(message.find("/opt/d/lib/distcc not found. You must set up masquerade (see distcc(1)) to list "
                           "whitelisted compilers or pass --enable-tcp-insecure."),
              0u)
        << message;
    EXPECT_NE(message.find("run " DCC_SBINDIR "/update-distcc-symlinks."), std::string::npos) << message;
}
