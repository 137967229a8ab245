// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/server_argv: the daemon's plain and pump argv rewrites
// (doc/protocol.md §8.3, §8.4 with the observed example), the textual .d rewrite (8.5),
// and the -fplugin=/-specs= refusals (doc/daemon.md §8 items 4-5).
#include "compiler/server_argv.hpp"

#include <gtest/gtest.h>

#include "compiler/fake_file_probe.hpp"
#include "compiler/test_words.hpp"

namespace dcc::compiler {
namespace {

using test::FakeFileProbe;
using test::joined;
using test::scan;
using test::words;

std::string plain(std::string_view text) {
    return joined(plain_server_argv(scan(text), "/tmp/distccd_in.i", "/tmp/distccd_out.o"));
}

TEST(PlainServerArgv, ReplacesInputAndOutput) {
    // Observed: "x86_64-linux-gnu-gcc -c hello.c -o hello.o" ran as
    // "x86_64-linux-gnu-gcc -c /tmp/distccd_99d46cf0.i -o /tmp/distccd_9a636cf0.o".
    EXPECT_EQ(joined(plain_server_argv(scan("x86_64-linux-gnu-gcc -c hello.c -o hello.o"), "/tmp/distccd_99d46cf0.i",
                                       "/tmp/distccd_9a636cf0.o")),
              "x86_64-linux-gnu-gcc -c /tmp/distccd_99d46cf0.i -o /tmp/distccd_9a636cf0.o");
    EXPECT_EQ(plain("gcc -ohello.o -c hello.c"), "gcc -o/tmp/distccd_out.o -c /tmp/distccd_in.i");
    EXPECT_EQ(plain("gcc -o /tmp/hello.o -c ../src/hello.c"), "gcc -o /tmp/distccd_out.o -c /tmp/distccd_in.i");
    EXPECT_EQ(plain("gcc -S hello.c -o hello.s"), "gcc -S /tmp/distccd_in.i -o /tmp/distccd_out.o");
    EXPECT_EQ(plain("gcc -c a.c b.o"), "gcc -c /tmp/distccd_in.i /tmp/distccd_out.o");
    EXPECT_EQ(plain("clang -c a.c -o a.o -target x86_64-linux-gnu"),
              "clang -c /tmp/distccd_in.i -o /tmp/distccd_out.o -target x86_64-linux-gnu");
}

TEST(PlainServerArgv, OnlyTheScannedWordsAreReplaced) {
    // Upstream replaced the first source-looking word, here the output "x.c".
    EXPECT_EQ(plain("gcc -c -o x.c a.c"), "gcc -c -o /tmp/distccd_out.o /tmp/distccd_in.i");
    EXPECT_EQ(plain("gcc -fdump=z.c -c a.c -o a.o"), "gcc -fdump=z.c -c /tmp/distccd_in.i -o /tmp/distccd_out.o");
}

const PumpJobPaths k_paths{"/tmp/distccd_WIA7h6", "/tmp/distccd_4c456d41.o", "/tmp/distcc_4d236d41.deps"};

PumpArgv pump(std::string_view text) {
    auto result = pump_server_argv_for_job(scan(text), k_paths);
    EXPECT_TRUE(result.ok()) << text;
    return result.ok() ? *result : PumpArgv{};
}

TEST(PumpServerArgv, ObservedExample) {
    PumpArgv r = pump("gcc -g -I/tmp/exp/proj/inc -Iinc -c src/main.c -o main.o -MD -MT main.o");
    EXPECT_EQ(joined(r.argv),
              "gcc -g -I/tmp/distccd_WIA7h6/tmp/exp/proj/inc -Iinc -c src/main.c -o /tmp/distccd_4c456d41.o -MD "
              "-MF /tmp/distcc_4d236d41.deps");
    EXPECT_EQ(r.dotd_target, "main.o");
}

TEST(PumpServerArgv, MtConversion) {
    PumpArgv r = pump("gcc -c x.c -o x.o");
    EXPECT_EQ(joined(r.argv), "gcc -c x.c -o /tmp/distccd_4c456d41.o -MMD -MF /tmp/distcc_4d236d41.deps");
    EXPECT_EQ(r.dotd_target, "x.o");
    // Only the first separate -MT is converted (QUIRK kept).
    r = pump("gcc -MT first -c x.c -MT second -MTthird -o x.o");
    EXPECT_EQ(joined(r.argv),
              "gcc -c x.c -MT second -MTthird -o /tmp/distccd_4c456d41.o -MMD -MF /tmp/distcc_4d236d41.deps");
    EXPECT_EQ(r.dotd_target, "first");
    r = pump("gcc -MTjoined -c x.c -o x.o");
    EXPECT_EQ(r.dotd_target, "x.o");
    // -MQ is not converted.
    r = pump("gcc -MQ q -MMD -c x.c -o x.o");
    EXPECT_EQ(joined(r.argv), "gcc -MQ q -MMD -c x.c -o /tmp/distccd_4c456d41.o -MF /tmp/distcc_4d236d41.deps");
    // The client's -MF is overridden by the appended one (gcc honours the last).
    r = pump("gcc -MD -MF user.d -c x.c -o x.o");
    EXPECT_EQ(joined(r.argv), "gcc -MD -MF user.d -c x.c -o /tmp/distccd_4c456d41.o -MF /tmp/distcc_4d236d41.deps");
    // Joined output.
    r = pump("gcc -c x.c -ox.o");
    EXPECT_EQ(joined(r.argv), "gcc -c x.c -o/tmp/distccd_4c456d41.o -MMD -MF /tmp/distcc_4d236d41.deps");
    EXPECT_EQ(r.dotd_target, "x.o");
}

TEST(PumpServerArgv, MtWithoutArgumentIsAnError) {
    // The scanner already refuses a trailing -MT, so build the scan by hand.
    ScanResult s = scan("gcc -c x.c -o x.o");
    s.argv.push_back("-MT");
    auto r = pump_server_argv_for_job(s, k_paths);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::protocol_error);
}

TEST(PumpServerArgv, RerootsAbsoluteIncludeOptions) {
    PumpArgv r = pump("gcc -I/a -I /b -Irel -I rel2 -include /c.h -include rel.h -imacros/d.h -idirafter /e "
                      "-iprefix /f/ -iwithprefix/g -isystem /h -isystem/i -iquote /j -iquote/k -isysroot /l "
                      "--sysroot=/m -c x.c -o x.o");
    EXPECT_EQ(joined(r.argv),
              "gcc -I/tmp/distccd_WIA7h6/a -I /tmp/distccd_WIA7h6/b -Irel -I rel2 -include /tmp/distccd_WIA7h6/c.h "
              "-include rel.h -imacros/tmp/distccd_WIA7h6/d.h -idirafter /tmp/distccd_WIA7h6/e "
              "-iprefix /tmp/distccd_WIA7h6/f/ -iwithprefix/tmp/distccd_WIA7h6/g -isystem /tmp/distccd_WIA7h6/h "
              "-isystem/tmp/distccd_WIA7h6/i -iquote /tmp/distccd_WIA7h6/j -iquote/tmp/distccd_WIA7h6/k "
              "-isysroot /l --sysroot=/m -c x.c -o /tmp/distccd_4c456d41.o -MMD -MF /tmp/distcc_4d236d41.deps");
}

TEST(PumpServerArgv, IwithprefixbeforeQuirk) {
    PumpArgv r = pump("gcc -iwithprefixbefore /x -iwithprefixbefore/y -c x.c -o x.o");
    // Separate form: matched as -iwithprefix with argument "before"; /x untouched.
    // Joined form: "-iwithprefix" + "before/y", not absolute either.
    EXPECT_EQ(joined(r.argv), "gcc -iwithprefixbefore /x -iwithprefixbefore/y -c x.c -o /tmp/distccd_4c456d41.o "
                              "-MMD -MF /tmp/distcc_4d236d41.deps");
}

TEST(PumpServerArgv, RerootsAnAbsoluteInput) {
    PumpArgv r = pump("gcc -c /home/u/src/x.c -o x.o");
    EXPECT_EQ(joined(r.argv), "gcc -c /tmp/distccd_WIA7h6/home/u/src/x.c -o /tmp/distccd_4c456d41.o -MMD -MF "
                              "/tmp/distcc_4d236d41.deps");
    r = pump("gcc -c //double/x.c");
    EXPECT_EQ(r.argv[2], "/tmp/distccd_WIA7h6/double/x.c");
    // Index bookkeeping after the -MT removal in front of the input.
    r = pump("gcc -MT t -c /src/x.c");
    EXPECT_EQ(joined(r.argv), "gcc -c /tmp/distccd_WIA7h6/src/x.c -o /tmp/distccd_4c456d41.o -MMD -MF "
                              "/tmp/distcc_4d236d41.deps");
    EXPECT_EQ(r.dotd_target, "t");
}

TEST(PumpServerArgv, InputAfterAnIncludeOptionIsRerootedOnce) {
    // The scanner takes "/inc/x.c" for the input (it does not know -iquote's argument).
    PumpArgv r = pump("gcc -c -iquote /inc/x.c -o x.o");
    EXPECT_EQ(r.argv[3], "/tmp/distccd_WIA7h6/inc/x.c");
}

TEST(PumpServerArgv, MtTakingTheInputIsAnError) {
    // "-MF -MT" hides the -MT from the scanner, but the server converts it and would
    // take the input as its argument.
    auto r = pump_server_argv_for_job(scan("gcc -c -MF -MT a.c -o a.o"), k_paths);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::protocol_error);
}

TEST(RewriteServerDotd, ReplacesTheObjectAndDeletesTheRoot) {
    const std::string root = "/tmp/distccd_WIA7h6";
    const std::string obj = "/tmp/distccd_4c456d41.o";
    std::string in = obj + ": /tmp/distccd_WIA7h6/tmp/exp/proj/src/main.c \\\n"
                           " /tmp/distccd_WIA7h6/tmp/exp/proj/inc/a.h inc/b.h\n"
                           "/tmp/distccd_WIA7h6/tmp/exp/proj/inc/a.h:\n";
    EXPECT_EQ(rewrite_server_dotd(in, obj, "main.o", root),
              "main.o: /tmp/exp/proj/src/main.c \\\n"
              " /tmp/exp/proj/inc/a.h inc/b.h\n"
              "/tmp/exp/proj/inc/a.h:\n");
}

TEST(RewriteServerDotd, OnlyTheFirstObjectPerLine) {
    EXPECT_EQ(rewrite_server_dotd("/o.o /o.o\n/o.o", "/o.o", "t", "/root"), "t /o.o\nt");
    EXPECT_EQ(rewrite_server_dotd("a /root/x /root/y/root\n", "/o.o", "t", "/root"), "a /x /y\n");
    EXPECT_EQ(rewrite_server_dotd("", "/o.o", "t", "/root"), "");
    EXPECT_EQ(rewrite_server_dotd("no newline", "/o.o", "t", "/root"), "no newline");
    EXPECT_EQ(rewrite_server_dotd("/rr/root/root", "/o.o", "t", "/root"), "/rr");
    EXPECT_EQ(rewrite_server_dotd("x\r\n", "", "t", ""), "x\r\n");
}

TEST(RewriteServerDotd, NoLineLengthLimit) {
    std::string long_line = "/o.o:" + std::string(20000, 'x') + " /root/y\n";
    EXPECT_EQ(rewrite_server_dotd(long_line, "/o.o", "t.o", "/root"), "t.o:" + std::string(20000, 'x') + " /y\n");
}

TEST(CheckServerArguments, PluginsAreRefused) {
    FakeFileProbe fs;
    Status s = check_server_arguments(words("gcc -fplugin=x.so -c a.c"), SpecsPolicy::refuse, std::nullopt, fs);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "-fplugin= passed, which are insecure and not supported.");
    EXPECT_EQ(s.error().code, ExitCode::bad_arguments);
    EXPECT_TRUE(check_server_arguments(words("gcc -fplugin -fplugin-arg-x -c a.c"), SpecsPolicy::refuse,
                                       std::nullopt, fs)
                    .ok());
}

TEST(CheckServerArguments, SpecsPolicies) {
    FakeFileProbe fs;
    fs.regular("/sysroot/my.specs").regular("/sysroot/sub/other.specs");
    auto check = [&](std::string_view argv, SpecsPolicy policy, std::optional<std::string_view> sysroot) {
        return check_server_arguments(words(argv), policy, sysroot, fs);
    };
    // Debian 3.4 refuses every -specs=.
    Status s = check("gcc -specs=my.specs -c a.c", SpecsPolicy::refuse, "/sysroot");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "-specs= passed, but we cannot find the specs.");
    // 3.4+git: only with a sysroot holding the file.
    EXPECT_TRUE(check("gcc -specs=my.specs -c a.c", SpecsPolicy::require_in_sysroot, "/sysroot").ok());
    EXPECT_TRUE(check("gcc -specs=sub/other.specs -c a.c", SpecsPolicy::require_in_sysroot, "/sysroot").ok());
    EXPECT_FALSE(check("gcc -specs=my.specs -c a.c", SpecsPolicy::require_in_sysroot, std::nullopt).ok());
    EXPECT_FALSE(check("gcc -specs=none.specs -c a.c", SpecsPolicy::require_in_sysroot, "/sysroot").ok());
    EXPECT_FALSE(check("gcc -specs=sub -c a.c", SpecsPolicy::require_in_sysroot, "/sysroot").ok());
    EXPECT_FALSE(check("gcc -specs=my.specs -specs=none -c a.c", SpecsPolicy::require_in_sysroot, "/sysroot").ok());
    // Without -specs= or -fplugin= everything passes.
    EXPECT_TRUE(check("gcc -c a.c -o a.o", SpecsPolicy::refuse, std::nullopt).ok());
    EXPECT_TRUE(check("gcc -specsx -c a.c", SpecsPolicy::refuse, std::nullopt).ok());
    // -fplugin= is reported first.
    s = check("gcc -specs=x -fplugin=y -c a.c", SpecsPolicy::refuse, std::nullopt);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "-fplugin= passed, which are insecure and not supported.");
}

TEST(PumpPrefixMap, MapsTheRootToNothing) {
    // doc/protocol.md §8.6: "<root>/tmp/p" is recorded as "/tmp/p".
    EXPECT_EQ(pump_prefix_map_argument("/tmp/w/pump_Ab12Cd"), "-ffile-prefix-map=/tmp/w/pump_Ab12Cd=");
}

}  // namespace
}  // namespace dcc::compiler
