// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/admission.cpp, flag_rules.cpp and cmdlist.cpp: which argv a
// daemon runs.  The whitelist is a fake masquerade directory; the cases include
// every CVE-2004-2687 shape the issue names (sh -c, absolute paths, -fplugin=,
// -wrapper, -B, -specs=) and the output-path rules.
#include "daemon/admission.hpp"

#include <gtest/gtest.h>

#include <set>

#include "compiler/fake_file_probe.hpp"
#include "daemon/cmdlist.hpp"
#include "daemon/flag_rules.hpp"

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

// check_flags' rule, or "" when the words pass.
std::string flag_rule(const std::vector<std::string>& argv) {
    auto refusal = check_flags(argv);
    return refusal ? std::string(refusal->rule) : std::string();
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
    EXPECT_EQ(rule_for(with({"-wrapper", "sh,-c,id"})), "wrapper");
    EXPECT_EQ(rule_for(with({"-B/tmp/evil"})), "prefix_dir");
    EXPECT_EQ(rule_for(with({"-B", "/tmp/evil"})), "prefix_dir");
    EXPECT_EQ(rule_for(with({"-specs=evil.specs"})), "specs");
    EXPECT_EQ(rule_for(with({"--specs=evil.specs"})), "specs");
    EXPECT_EQ(rule_for(with({"--specs", "evil.specs"})), "specs");
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
    EXPECT_EQ(rule_for({"gcc", "-c", "x.c", "-B/tmp"}), "prefix_dir");
}

TEST_F(AdmissionTest, SpecsUnderSysrootFollowUpstream) {
    probe.regular("/srv/sysroot/ok.specs");
    policy.sysroot = "/srv/sysroot";
    EXPECT_EQ(rule_for(with({"-specs=ok.specs"})), "");
    EXPECT_EQ(rule_for(with({"-specs=missing.specs"})), "specs");
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

TEST(FlagRules, TableIsSortedAndUsesEveryCheck) {
    auto table = flag_rule_table();
    EXPECT_TRUE(compiler::is_well_formed(table));
    std::set<FlagCheck> used;
    for (const auto& rule : table) used.insert(rule.action);
    EXPECT_EQ(used.size(), static_cast<std::size_t>(FlagCheck::assembler_next) + 1);
}

TEST(FlagRules, CodeLoadingOptions) {
    EXPECT_EQ(flag_rule({"clang", "-fpass-plugin=/tmp/p.so"}), "plugin");
    EXPECT_EQ(flag_rule({"clang", "-Xclang", "-load", "-Xclang", "/tmp/p.so"}), "plugin");
    EXPECT_EQ(flag_rule({"clang", "-Xclang", "-add-plugin"}), "plugin");
    EXPECT_EQ(flag_rule({"clang", "-Xclang", "-fno-pch-timestamp"}), "");
    EXPECT_EQ(flag_rule({"clang", "--config=/tmp/evil.cfg"}), "config_file");
    EXPECT_EQ(flag_rule({"clang", "--config", "/tmp/evil.cfg"}), "config_file");
    EXPECT_EQ(flag_rule({"clang", "--gcc-toolchain=/tmp"}), "prefix_dir");
    EXPECT_EQ(flag_rule({"gcc", "--prefix=/tmp"}), "prefix_dir");
    EXPECT_EQ(flag_rule({"gcc", "@/etc/passwd"}), "response_file");
    EXPECT_EQ(flag_rule({"gcc", "-fcompare-debug=-fplugin=x.so"}), "compare_debug");
    EXPECT_EQ(flag_rule({"gcc", "-fcompare-debug"}), "");
}

TEST(FlagRules, OutputsMustStayInTheJobDirectory) {
    EXPECT_EQ(flag_rule({"gcc", "-MF", "/home/u/.bashrc"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-MF../../x"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-MF", "deps/x.d"}), "");
    EXPECT_EQ(flag_rule({"gcc", "-MFx.d"}), "");
    EXPECT_EQ(flag_rule({"gcc", "-aux-info", "/tmp/x"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-dumpdir", "/tmp/"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-dumpbase", "a/../../b"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-fdump-tree-all=/tmp/x"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-fdump-tree-all"}), "");
    EXPECT_EQ(flag_rule({"gcc", "-fopt-info-vec=../v.txt"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-fdiagnostics-add-output=sarif:file=/tmp/x.sarif"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "--output=/tmp/x.o"}), "output_path");
    EXPECT_EQ(flag_rule({"gcc", "-Wa,--noexecstack"}), "");
    EXPECT_EQ(flag_rule({"gcc", "-Wa,-o,/tmp/x"}), "assembler_output");
    EXPECT_EQ(flag_rule({"gcc", "-Xassembler", "-a=/tmp/l"}), "assembler_output");
    EXPECT_EQ(flag_rule({"gcc", "-Xassembler", "--64"}), "");
}

TEST(FlagRules, OrdinaryBuildFlagsPass) {
    std::vector<std::string> argv{"g++", "-O2", "-g", "-std=c++20", "-fPIC", "-Wall", "-Wextra", "-fno-exceptions",
                                  "-ffile-prefix-map=/src=.", "-fstack-protector-strong", "-flto=auto",
                                  "-ffunction-sections", "-march=x86-64-v2", "-c", "x.ii", "-o", "x.o"};
    EXPECT_FALSE(check_flags(argv));
}

TEST(Whitelist, MissingDirectoryNamesTheCommandThatFillsIt) {
    std::string message = missing_whitelist_message({"/opt/d/lib/distcc", "/usr/lib/distcc"});
    EXPECT_EQ(message.find("/opt/d/lib/distcc not found. You must set up masquerade (see distcc(1)) to list "
                           "whitelisted compilers or pass --enable-tcp-insecure."),
              0u)
        << message;
    EXPECT_NE(message.find("run " DCC_SBINDIR "/update-distcc-symlinks."), std::string::npos) << message;
}
