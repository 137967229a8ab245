// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the include server's command parser (include_server/command_parser.cpp):
// every row of the option tables, upstream's quirks, and the not-covered reasons.
#include "include_server/command_parser.hpp"

#include <gtest/gtest.h>

#include "include_server/failure.hpp"

using namespace dcc;
using namespace dcc::include_server;

namespace {

GlobFunction no_glob = [](const std::string&) { return std::vector<std::string>(); };

ParsedCommand parse_ok(std::vector<std::string> argv, GlobFunction glob = no_glob) {
    auto parsed = parse_command(argv, "/work", glob);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    return parsed.ok() ? *parsed : ParsedCommand{};
}

std::string parse_error(std::vector<std::string> argv) {
    auto parsed = parse_command(argv, "/work", no_glob);
    EXPECT_FALSE(parsed.ok());
    return parsed.ok() ? "" : parsed.error().message;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(CommandParser, SimpleCompile) {
    ParsedCommand c = parse_ok({"gcc", "-c", "src/main.c", "-o", "main.o"});
    EXPECT_EQ(c.compiler, "gcc");
    EXPECT_EQ(c.translation_unit, "src/main.c");
    EXPECT_EQ(c.language, "c");
    EXPECT_EQ(c.result_file_prefix, "/work/main");
}

TEST(CommandParser, IncludeDirectoriesJoinedAndSeparate) {
    ParsedCommand c = parse_ok({"gcc", "-Iinc", "-I", "other/", "-isystem", "sys", "-isystemsys2", "-iquote", "q",
                                "-idirafter", "after", "-c", "x.c"});
    EXPECT_EQ(c.i_dirs, (Strings{"inc", "other/"}));
    EXPECT_EQ(c.before_system_dirs, (Strings{"sys", "sys2"}));
    EXPECT_EQ(c.quote_dirs, (Strings{"q"}));
    EXPECT_EQ(c.after_system_dirs, (Strings{"after"}));
}

TEST(CommandParser, SearchListsInCppOrder) {
    ParsedCommand c = parse_ok({"gcc", "-I./inc/", "-isystem", "sys", "-iquote", "q", "-idirafter", "after", "-I.",
                                "-c", "x.c"});
    Strings system{"/usr/include"};
    EXPECT_EQ(angle_list(c, system), (Strings{"inc", "", "sys", "/usr/include", "after"}));
    EXPECT_EQ(quote_list(c, system), (Strings{"q", "inc", "", "sys", "/usr/include", "after"}));
    c.nostdinc = true;
    EXPECT_EQ(angle_list(c, system), (Strings{"inc", "", "sys", "after"}));
}

TEST(CommandParser, NostdincStillParses) {
    EXPECT_TRUE(parse_ok({"gcc", "-nostdinc", "-c", "x.c"}).nostdinc);
}

TEST(CommandParser, IprefixAndWithprefix) {
    ParsedCommand c = parse_ok({"gcc", "-iprefix", "/p/", "-iwithprefix", "a", "-iwithprefixbefore", "b", "-c", "x.c"});
    EXPECT_EQ(c.after_system_dirs, (Strings{"/p/a"}));
    EXPECT_EQ(c.i_dirs, (Strings{"/p/b"}));
}

TEST(CommandParser, JoinedWithprefixBeforeIsReadAsWithprefix) {
    // Upstream's prefix table lists -iwithprefix first: a quirk we keep.
    ParsedCommand c = parse_ok({"gcc", "-iprefix", "/p", "-iwithprefixbeforeX", "-c", "x.c"});
    EXPECT_EQ(c.after_system_dirs, (Strings{"/p/beforeX"}));
    EXPECT_TRUE(c.i_dirs.empty());
}

TEST(CommandParser, IncludeAndImacrosAreExtraInputs) {
    ParsedCommand c = parse_ok({"gcc", "-include", "./config.h", "-imacrosmacros.h", "-c", "x.c"});
    EXPECT_EQ(c.include_files, (Strings{"config.h", "macros.h"}));
}

TEST(CommandParser, AssemblerInputs) {
    ParsedCommand c = parse_ok({"gcc", "-Wa,dir/start.s", "-Wa,[other.s]", "-Wa,-al", "-Wa,a.sx", "-c", "x.c"});
    // "-Wa,a.sx" matches upstream's unanchored expression as "a.s".
    EXPECT_EQ(c.include_files, (Strings{"dir/start.s", "other.s", "a.s"}));
}

TEST(CommandParser, DefinesKeepOnlyNameValuePairs) {
    ParsedCommand c = parse_ok({"gcc", "-DA=1", "-D", "B=x.h", "-DBARE", "-DX=Y=Z", "-DF(a)=a", "-UA", "-c", "x.c"});
    ASSERT_EQ(c.defines.size(), 3u);
    EXPECT_EQ(c.defines[0], (CommandDefine{"A", "1"}));
    EXPECT_EQ(c.defines[1], (CommandDefine{"B", "x.h"}));
    EXPECT_EQ(c.defines[2], (CommandDefine{"F(a)", "a"}));
}

TEST(CommandParser, IgnoredOptionsConsumeTheirArgument) {
    ParsedCommand c = parse_ok({"gcc", "-MF", "x.d", "-MT", "t", "-MQ", "q", "-arch", "a", "-target", "t2", "-aux-info",
                                "ai", "--param", "p=1", "-Xassembler", "xa", "-Xlinker", "xl", "-Xclang", "xc", "-l",
                                "lib", "-L", "ldir", "-c", "x.c"});
    EXPECT_EQ(c.translation_unit, "x.c");
}

TEST(CommandParser, FrameworkDirectoriesComeFromTheGlob) {
    std::string seen;
    GlobFunction glob = [&](const std::string& pattern) {
        seen = pattern;
        return Strings{"fw/A/Headers", "fw/B/Headers"};
    };
    ParsedCommand c = parse_ok({"gcc", "-Ffw", "-c", "x.c"}, glob);
    EXPECT_EQ(seen, "fw/*/Headers");
    EXPECT_EQ(c.i_dirs, (Strings{"fw/A/Headers", "fw/B/Headers"}));
}

TEST(CommandParser, SysrootAndIsysroot) {
    EXPECT_EQ(parse_ok({"gcc", "--sysroot=/s", "-c", "x.c"}).sysroot, "/s");
    EXPECT_EQ(parse_ok({"gcc", "--sysroot=/s", "-isysroot", "/i", "-c", "x.c"}).sysroot, "/i");
}

TEST(CommandParser, LanguageFromExtensionAndX) {
    EXPECT_EQ(parse_ok({"g++", "-c", "a.cc"}).language, "c++");
    EXPECT_EQ(parse_ok({"g++", "-c", "a.C"}).language, "c++");
    EXPECT_EQ(parse_ok({"gcc", "-c", "a.i"}).language, "c");
    EXPECT_EQ(parse_ok({"gcc", "-c", "a.m"}).language, "objective-c");
    EXPECT_EQ(parse_ok({"gcc", "-c", "a.mm"}).language, "objective-c++");
    EXPECT_EQ(parse_ok({"gcc", "-x", "c++", "-c", "a.c"}).language, "c++");
    EXPECT_EQ(parse_ok({"gcc", "-x", "none", "-c", "a.c"}).language, "c");
}

TEST(CommandParser, QuotedDashWordIsNotAFile) {
    EXPECT_EQ(parse_ok({"gcc", "\"-weird\"", "-c", "x.c"}).translation_unit, "x.c");
}

TEST(CommandParser, OutputPrefixWithoutDotO) {
    EXPECT_EQ(parse_ok({"gcc", "-c", "dir/x.cpp"}).result_file_prefix, "/work/dir/x");
    EXPECT_EQ(parse_ok({"gcc", "-c", "x.c", "-o", "/abs/y.o"}).result_file_prefix, "/abs/y");
}

TEST(CommandParser, NotCoveredReasons) {
    EXPECT_EQ(parse_error({"gcc"}), "Command line: too few arguments.");
    EXPECT_EQ(parse_error({"gcc", "-c", "x.c", "-I"}), "No argument found for option '-I'");
    EXPECT_EQ(parse_error({"gcc", "-c", "x.c", "-include"}), "No argument found for option '-include'");
    EXPECT_EQ(parse_error({"gcc", "-I-", "-c", "x.c"}), "-I- is not implemented.  (Use -iquote instead.)");
    EXPECT_EQ(parse_error({"gcc", "-imultilib", "m", "-c", "x.c"}), "-imultilib is not implemented.  ");
    EXPECT_EQ(parse_error({"gcc", "-Xpreprocessor", "-foo", "-c", "x.c"}), "-Xpreprocessor is not implemented.  ");
    EXPECT_EQ(parse_error({"gcc", "-c", "a.c", "b.c"}), "Could not locate name of translation unit: ['a.c', 'b.c'].");
    EXPECT_EQ(parse_error({"gcc", "-c"}), "Could not locate name of translation unit: [].");
    EXPECT_EQ(parse_error({"gcc", "-c", "x.f90"}), "For source file 'x.f90': unrecognized filename extension");
    EXPECT_EQ(parse_error({"gcc", "-c", "x.c++"}), "For source file 'x.c++': unrecognized filename extension");
    EXPECT_EQ(parse_error({"gcc", "-x", "c-header", "-c", "x.h"}), "Language 'c-header' is not supported");
}

TEST(CommandParser, FailureKinds) {
    auto missing_tu = parse_command({"gcc", "-c"}, "/", no_glob);
    EXPECT_EQ(kind_of(missing_tu.error()), FailureKind::not_covered_quietly);
    auto multilib = parse_command({"gcc", "-imultilib", "m", "-c", "x.c"}, "/", no_glob);
    EXPECT_EQ(kind_of(multilib.error()), FailureKind::not_covered);
}

TEST(CommandParser, SafeNormPath) {
    EXPECT_EQ(safe_norm_path("."), "");
    EXPECT_EQ(safe_norm_path("././a/b//"), "a/b");
    EXPECT_EQ(safe_norm_path("/usr/include/"), "/usr/include");
    EXPECT_EQ(safe_norm_path("a/./b"), "a/./b");
}

TEST(CommandParser, PythonListRepr) {
    EXPECT_EQ(python_list_repr({}), "[]");
    EXPECT_EQ(python_list_repr({"it's"}), "[\"it's\"]");
    EXPECT_EQ(python_list_repr({"a\\b", "c\nd"}), "['a\\\\b', 'c\\nd']");
}
