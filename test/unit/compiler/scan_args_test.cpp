// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/scan_args: every vector of doc/client.md §3, and vectors
// observed with Debian's distcc 3.4 (DISTCC_VERBOSE=1, compiler "true", host
// 127.0.0.1:1): its "scanning arguments", "compile from X to Y" and reason lines.
#include "compiler/scan_args.hpp"

#include <gtest/gtest.h>

#include <set>

#include "compiler/test_words.hpp"

namespace dcc::compiler {
namespace {

using test::joined;
using test::words;

ScanResult scan(std::string_view text) {
    auto result = scan_args(words(text));
    EXPECT_TRUE(result.ok()) << text;
    return result.ok() ? *result : ScanResult{};
}

struct Distributed {
    const char* argv;
    const char* input;
    const char* output;
    const char* scanned;  // argv after -Wp, expansion and the implied -o
};

// doc/client.md §3 test vectors, then Debian 3.4 observations.
const Distributed k_distributed[] = {
    {"gcc -c hello.c", "hello.c", "hello.o", "gcc -c hello.c -o hello.o"},
    {"gcc -o /tmp/hello.o -c ../src/hello.c", "../src/hello.c", "/tmp/hello.o",
     "gcc -o /tmp/hello.o -c ../src/hello.c"},
    {"gcc -DMYNAME=quasibar.c bar.c -c -o bar.o", "bar.c", "bar.o", "gcc -DMYNAME=quasibar.c bar.c -c -o bar.o"},
    {"gcc -ohello.o -c hello.c", "hello.c", "hello.o", "gcc -ohello.o -c hello.c"},
    // Served as a declared input over the extension (doc/protocol.md §16.5).
    {"gcc -fprofile-use -c a.c", "a.c", "a.o", "gcc -fprofile-use -c a.c -o a.o"},
    {"gcc -fprofile-use=dir -c a.c", "a.c", "a.o", "gcc -fprofile-use=dir -c a.c -o a.o"},
    {"ccache gcc -c hello.c", "hello.c", "hello.o", "ccache gcc -c hello.c -o hello.o"},
    {"gcc -S hello.c", "hello.c", "hello.s", "gcc -S hello.c -o hello.s"},
    {"gcc -c -S hello.c", "hello.c", "hello.s", "gcc -c -S hello.c -o hello.s"},
    {"gcc -MD -c hello.c", "hello.c", "hello.o", "gcc -MD -c hello.c -o hello.o"},
    {"gcc -Wa,-xarch=v8 -c foo.c", "foo.c", "foo.o", "gcc -Wa,-xarch=v8 -c foo.c -o foo.o"},
    {"cc -c hello.c", "hello.c", "hello.o", "cc -c hello.c -o hello.o"},
    {"cc hello.c -c", "hello.c", "hello.o", "cc hello.c -c -o hello.o"},
    {"cc -o hello.o -c hello.c", "hello.c", "hello.o", "cc -o hello.o -c hello.c"},
    // -x: only the next word counts, by prefix.
    {"true -x cpp-output -c foo.c", "foo.c", "foo.o", "true -x cpp-output -c foo.c -o foo.o"},
    {"true -x c++ -c foo.c", "foo.c", "foo.o", "true -x c++ -c foo.c -o foo.o"},
    {"true -x objective-c++ -c foo.c", "foo.c", "foo.o", "true -x objective-c++ -c foo.c -o foo.o"},
    {"true -x go -c foo.c", "foo.c", "foo.o", "true -x go -c foo.c -o foo.o"},
    {"true -xc++ c++ -c foo.c", "foo.c", "foo.o", "true -xc++ c++ -c foo.c -o foo.o"},
    {"true -dA -c foo.c", "foo.c", "foo.o", "true -dA -c foo.c -o foo.o"},
    // A stray object word is the output.
    {"true -c a.c b.o", "a.c", "b.o", "true -c a.c b.o"},
    {"true -c xconftest.c", "xconftest.c", "xconftest.o", "true -c xconftest.c -o xconftest.o"},
    {"true -c ab.c", "ab.c", "ab.o", "true -c ab.c -o ab.o"},
    {"true -c a.cc", "a.cc", "a.o", "true -c a.cc -o a.o"},
    {"true -S -c dir/a.b.c", "dir/a.b.c", "a.b.s", "true -S -c dir/a.b.c -o a.b.s"},
    {"true -march=nativex -c a.c", "a.c", "a.o", "true -march=nativex -c a.c -o a.o"},
    {"true -march=x86-64 -c a.c", "a.c", "a.o", "true -march=x86-64 -c a.c -o a.o"},
    {"true -fprofile-dir=x -c a.c", "a.c", "a.o", "true -fprofile-dir=x -c a.c -o a.o"},
    {"true -fprofile-arcsx -c a.c", "a.c", "a.o", "true -fprofile-arcsx -c a.c -o a.o"},
    // Coverage is the side-file plan's to decide (doc/protocol.md §16.6).
    {"gcc -fprofile-arcs -c a.c", "a.c", "a.o", "gcc -fprofile-arcs -c a.c -o a.o"},
    {"gcc -ftest-coverage -c a.c", "a.c", "a.o", "gcc -ftest-coverage -c a.c -o a.o"},
    {"gcc --coverage -c a.c", "a.c", "a.o", "gcc --coverage -c a.c -o a.o"},
    {"true -MF a.d -c a.c", "a.c", "a.o", "true -MF a.d -c a.c -o a.o"},
    {"true -MFa.d -c a.c", "a.c", "a.o", "true -MFa.d -c a.c -o a.o"},
    {"true -MT a.c -c b.c", "b.c", "b.o", "true -MT a.c -c b.c -o b.o"},
    {"true -MTa.c -c b.c", "b.c", "b.o", "true -MTa.c -c b.c -o b.o"},
    {"true -MQ x -MG -MP -MMD -c b.c", "b.c", "b.o", "true -MQ x -MG -MP -MMD -c b.c -o b.o"},
    {"true -c a.c -o x.c", "a.c", "x.c", "true -c a.c -o x.c"},
    {"true -c a.i", "a.i", "a.o", "true -c a.i -o a.o"},
    {"true -c a.mm", "a.mm", "a.o", "true -c a.mm -o a.o"},
    {"true -c a.M", "a.M", "a.o", "true -c a.M -o a.o"},
    {"true -c a.mii", "a.mii", "a.o", "true -c a.mii -o a.o"},
    {"true -specsx -c a.c", "a.c", "a.o", "true -specsx -c a.c -o a.o"},
    {"true -flto=4 -c a.c", "a.c", "a.o", "true -flto=4 -c a.c -o a.o"},
    {"true -fplugin=x.so -c a.c", "a.c", "a.o", "true -fplugin=x.so -c a.c -o a.o"},
    {"true -c a.c -Wl,-foo -lm -L/x -Ldir -l m", "a.c", "a.o", "true -c a.c -Wl,-foo -lm -L/x -Ldir -l m -o a.o"},
    {"true -Wp,-MD,.deps/x.pp -include ../config-defs.h -c hello.c", "hello.c", "hello.o",
     "true -MD -MF .deps/x.pp -include ../config-defs.h -c hello.c -o hello.o"},
    {"true -Wp,-MD,x.d,y -Wp,-MF,a.d -Wp,-Wp,-DX -c hello.c", "hello.c", "hello.o",
     "true -MD -MF x.d y -MF a.d -Wp -DX -c hello.c -o hello.o"},
    // Not in Debian's scanner: any other "-f..." or "-m..." option is ignored.
    {"gcc -fPIC -O2 -g -Wall -std=c99 -pipe -c x.c -o x.o", "x.c", "x.o",
     "gcc -fPIC -O2 -g -Wall -std=c99 -pipe -c x.c -o x.o"},
    {"g++ -c x.cpp -o obj/x.o -MD -MP -MF obj/x.d", "x.cpp", "obj/x.o", "g++ -c x.cpp -o obj/x.o -MD -MP -MF obj/x.d"},
    {"gcc -c /abs/src/x.c", "/abs/src/x.c", "x.o", "gcc -c /abs/src/x.c -o x.o"},
    {"gcc -c hello.2.4.4.i", "hello.2.4.4.i", "hello.2.4.4.o", "gcc -c hello.2.4.4.i -o hello.2.4.4.o"},
    {"gcc -c noext.dir/x.C -S", "noext.dir/x.C", "x.s", "gcc -c noext.dir/x.C -S -o x.s"},
    {"gcc -c x.c -x c", "x.c", "x.o", "gcc -c x.c -x c -o x.o"},
    {"gcc -c x.c -o out.o.o", "x.c", "out.o.o", "gcc -c x.c -o out.o.o"},
    {"gcc -c x.c -o -o", "x.c", "-o", "gcc -c x.c -o -o"},
    {"gcc -c x.c -oo", "x.c", "o", "gcc -c x.c -oo"},
};

TEST(ScanArgs, DistributableCommands) {
    for (const Distributed& row : k_distributed) {
        SCOPED_TRACE(row.argv);
        ScanResult r = scan(row.argv);
        EXPECT_TRUE(r.distribute()) << describe(r.reason);
        EXPECT_EQ(r.input, row.input);
        EXPECT_EQ(r.output, row.output);
        EXPECT_EQ(joined(r.argv), row.scanned);
        ASSERT_LT(r.input_index, r.argv.size());
        ASSERT_LT(r.output_index, r.argv.size());
        EXPECT_EQ(r.argv[r.input_index], r.input);
        if (r.output_joined)
            EXPECT_EQ(r.argv[r.output_index], "-o" + r.output);
        else
            EXPECT_EQ(r.argv[r.output_index], r.output);
    }
}

struct Local {
    const char* argv;
    LocalReason reason;
};

const Local k_local[] = {
    {"gcc hello.c", LocalReason::no_compile_flag},
    {"gcc -o hello.o hello.c", LocalReason::no_compile_flag},
    {"cc foo.c -o foo.o", LocalReason::no_compile_flag},
    {"gcc -M hello.c", LocalReason::dependencies_only},
    {"gcc -ME hello.c", LocalReason::dependencies_only},
    {"gcc -MM -c a.c", LocalReason::dependencies_only},
    {"gcc -MDx -c b.c", LocalReason::dependencies_only},
    {"gcc -MMDx -c b.c", LocalReason::dependencies_only},
    {"gcc -S foo.c -o -", LocalReason::output_to_stdout},
    {"gcc -c a.c -o-", LocalReason::output_to_stdout},
    {"gcc -Wa,-alh,-a=foo.lst -c foo.c", LocalReason::assembler_listing},
    {"gcc -Wa,--MD -c foo.c", LocalReason::assembler_listing},
    {"gcc -Wa,x,-adhln -c foo.c", LocalReason::assembler_listing},
    {"g++ -frepo foo.C", LocalReason::frepo},
    {"g++ -frepo -c foo.C", LocalReason::frepo},
    {"gcc -x assembler-with-cpp -c foo.c", LocalReason::unsupported_language},
    {"gcc -x none -c foo.c", LocalReason::unsupported_language},
    // Debian 3.4 distributes these, then its own server refuses them: the appended
    // "-o" becomes the language.
    {"gcc -c foo.c -x", LocalReason::unsupported_language},
    {"gcc -c foo.c -xc", LocalReason::unsupported_language},
    {"gcc -c x.c -xobjective-c", LocalReason::unsupported_language},
    {"gcc -xc -c foo.c", LocalReason::unsupported_language},
    {"gcc -x Go -c foo.c", LocalReason::unsupported_language},
    {"gcc -dr -c foo.c", LocalReason::rtl_dump},
    {"gcc -drfoo -c foo.c", LocalReason::rtl_dump},
    {"gcc -c a.c b.c", LocalReason::two_inputs},
    {"gcc -c a.o b.o a.c", LocalReason::object_inputs},
    {"g++ -o prog main.o util.o", LocalReason::object_inputs},
    {"gcc main.o util.o -lm", LocalReason::object_inputs},
    {"gcc main.o -o prog", LocalReason::object_inputs},
    {"gcc -c -o out.o -o out2.o a.c", LocalReason::two_outputs},
    {"gcc -o foo.o -c hello.c -oo.o", LocalReason::two_outputs},
    {"gcc -c conftest.c", LocalReason::conftest},
    {"gcc -c dir/conftest.foo.c", LocalReason::conftest},
    {"gcc -c tmp.conftest.c", LocalReason::conftest},
    {"gcc -c .c", LocalReason::short_basename},
    {"gcc -c dir/.c", LocalReason::short_basename},
    {"gcc -march=native -c a.c", LocalReason::native_cpu},
    {"gcc -mtune=native -c a.c", LocalReason::native_cpu},
    {"gcc -fprofile-correction -c a.c", LocalReason::profiling},
    {"gcc -fprofile-generate=dir -c a.c", LocalReason::profiling},
    {"gcc -fprofile-generate -c a.c", LocalReason::profiling},
    {"gcc -fauto-profile=x -c a.c", LocalReason::profiling},
    {"gcc -E -c a.c", LocalReason::preprocess_only},
    {"gcc -c a.c -E", LocalReason::preprocess_only},
    {"gcc -E a.c", LocalReason::preprocess_only},
    {"gcc -MF", LocalReason::missing_argument},
    {"gcc -c a.c -MF", LocalReason::missing_argument},
    {"gcc -c a.c -MT", LocalReason::missing_argument},
    {"gcc -c a.c -MQ", LocalReason::missing_argument},
    {"gcc -c a.c -o", LocalReason::trailing_output_flag},
    {"gcc -c -ofoo.o hello.c -o", LocalReason::trailing_output_flag},
    {"gcc -c a.s", LocalReason::no_input},
    {"gcc -c a.S", LocalReason::no_input},
    {"gcc -c a.CPP", LocalReason::no_input},
    {"gcc -c", LocalReason::no_input},
    {"gcc", LocalReason::no_compile_flag},
    {"gcc -c a.c -specs=x", LocalReason::specs_file},
    {"gcc -specs=/x/y.specs -c a.c", LocalReason::specs_file},
    {"gcc -flto -c a.c", LocalReason::lto},
    // The leftmost deciding word wins.
    {"gcc -march=native -E -c a.c", LocalReason::native_cpu},
    {"gcc -c a.c b.c -E", LocalReason::two_inputs},
    {"gcc -E -c a.c b.c", LocalReason::preprocess_only},
    // -Wp, expansion happens before scanning.
    {"gcc -Wp,-M -c a.c", LocalReason::dependencies_only},
    {"gcc -Wp,-E -c a.c", LocalReason::preprocess_only},
    {"gcc -Wp,x.c -c a.c", LocalReason::two_inputs},
};

TEST(ScanArgs, LocalCommands) {
    for (const Local& row : k_local) {
        SCOPED_TRACE(row.argv);
        ScanResult r = scan(row.argv);
        EXPECT_FALSE(r.distribute());
        EXPECT_EQ(r.reason, row.reason) << describe(r.reason);
    }
}

TEST(ScanArgs, LocalCommandsKeepTheExpandedArgvWithoutAnImpliedOutput) {
    // Debian 3.4 runs "exec on localhost: true -flto -c hello.c" (no -o appended).
    ScanResult r = scan("gcc -flto -c hello.c");
    EXPECT_EQ(joined(r.argv), "gcc -flto -c hello.c");
    r = scan("gcc -Wp,-MD,x.d -E hello.c");
    EXPECT_EQ(joined(r.argv), "gcc -MD -MF x.d -E hello.c");
    // A job that is local only because of its output still has the scanned argv.
    r = scan("gcc -c a.c -o -");
    EXPECT_EQ(r.output, "-");
    EXPECT_EQ(joined(r.argv), "gcc -c a.c -o -");
}

TEST(ScanArgs, RemembersCompileFlags) {
    ScanResult r = scan("gcc -c a.c");
    EXPECT_TRUE(r.saw_dash_c);
    EXPECT_FALSE(r.saw_dash_S);
    EXPECT_TRUE(r.output_implied);
    EXPECT_FALSE(r.output_joined);
    r = scan("gcc -S a.c -o a.s");
    EXPECT_FALSE(r.saw_dash_c);
    EXPECT_TRUE(r.saw_dash_S);
    EXPECT_FALSE(r.output_implied);
    r = scan("gcc -c -S a.c");
    EXPECT_TRUE(r.saw_dash_c);
    EXPECT_TRUE(r.saw_dash_S);
    EXPECT_EQ(r.output, "a.s");
}

TEST(ScanArgs, OutputPositions) {
    ScanResult r = scan("gcc -ofoo.o -c hello.c");
    EXPECT_TRUE(r.output_joined);
    EXPECT_EQ(r.output_index, 1u);
    EXPECT_EQ(r.input_index, 3u);
    r = scan("gcc -c hello.c -o foo.o");
    EXPECT_FALSE(r.output_joined);
    EXPECT_EQ(r.output_index, 4u);
    r = scan("gcc -c hello.c");
    EXPECT_EQ(r.output_index, 4u);
    EXPECT_EQ(r.argv[3], "-o");
    // An option argument that looks like a source is not the input.
    r = scan("gcc -c -MF dep.c -MT t.c real.c");
    EXPECT_TRUE(r.distribute());
    EXPECT_EQ(r.input, "real.c");
    EXPECT_EQ(r.input_index, 6u);
}

TEST(ScanArgs, CompilerNameIsNotScanned) {
    ScanResult r = scan("x.c -c a.c");
    EXPECT_TRUE(r.distribute());
    EXPECT_EQ(r.input, "a.c");
    r = scan("out.o -c a.c -o b.o");
    EXPECT_TRUE(r.distribute());
    EXPECT_EQ(r.output, "b.o");
}

TEST(ScanArgs, WhereTheDependencyOptionsCameFrom) {
    ScanResult r = scan("gcc -MD -c a.c");
    EXPECT_TRUE(r.md_from_driver);
    EXPECT_FALSE(r.md_from_wp);
    r = scan("gcc -Wp,-MMD,a.d -c a.c");
    EXPECT_FALSE(r.md_from_driver);
    EXPECT_TRUE(r.md_from_wp);
    r = scan("gcc -MMD -Wp,-MD,a.d -c a.c");
    EXPECT_TRUE(r.md_from_driver);
    EXPECT_TRUE(r.md_from_wp);
    r = scan("gcc -MF a.d -c a.c");
    EXPECT_FALSE(r.md_from_driver);
    EXPECT_FALSE(r.md_from_wp);
}

TEST(ScanArgs, Errors) {
    auto r = scan_args(words("-c hello.c"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::bad_arguments);
    EXPECT_EQ(r.error().message, "unrecognized distcc option: -c");
    r = scan_args({});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::bad_arguments);
    r = scan_args({"--help"});
    ASSERT_FALSE(r.ok());
}

TEST(ScanArgs, EmptyWordsAreIgnored) {
    std::vector<std::string> argv = {"gcc", "", "-c", "", "a.c"};
    auto r = scan_args(argv);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->distribute());
    EXPECT_EQ(r->input_index, 4u);
}

// -Wp, expansion, vectors observed with Debian 3.4.
TEST(ExpandWpOptions, ObservedVectors) {
    struct Row {
        const char* in;
        std::vector<std::string> out;
    };
    const Row rows[] = {
        {"gcc -Wp,-MD,x.d -c a.c", {"gcc", "-MD", "-MF", "x.d", "-c", "a.c"}},
        {"gcc -Wp,-MMD,x.d", {"gcc", "-MMD", "-MF", "x.d"}},
        {"gcc -Wp,-MD", {"gcc", "-MD"}},
        {"gcc -Wp,-MMD,a,b,c", {"gcc", "-MMD", "-MF", "a", "b", "c"}},
        {"gcc -Wp,-DX,-MD,f", {"gcc", "-DX", "-MD", "-MF", "f"}},
        {"gcc -Wp,a,", {"gcc", "a", ""}},
        {"gcc -Wp,-MD,", {"gcc", "-MD", "-MF", ""}},
        {"gcc -Wp,-MMD,-MF,z.d", {"gcc", "-MMD", "-MF", "-MF", "z.d"}},
        {"gcc -Wp,,-MD,f", {"gcc", "", "-MD", "-MF", "f"}},
        {"gcc -Wp,-MD,-MD,f", {"gcc", "-MD", "-MF", "-MD", "f"}},
        {"gcc -Wp,-MD,a,-MMD,b", {"gcc", "-MD", "-MF", "a", "-MMD", "-MF", "b"}},
        {"gcc -Wp,-MF,-MD", {"gcc", "-MF", "-MD"}},
        {"gcc -Wp,", {"gcc", ""}},
        {"gcc -Wp,,,-DA,,-DB", {"gcc", "", "", "-DA", "", "-DB"}},
        {"gcc -Wp,-Wp,-DX", {"gcc", "-Wp", "-DX"}},
        {"gcc -Wp -WpX -Wp,-I/x", {"gcc", "-Wp", "-WpX", "-I/x"}},
        {"gcc -Wa,-MD,x", {"gcc", "-Wa,-MD,x"}},
        {"-Wp,-DX", {"-DX"}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.in);
        EXPECT_EQ(expand_wp_options(words(row.in)), row.out);
    }
}

TEST(ScanArgs, ScannedArgvIsTheWpExpansion) {
    ScanResult r = scan("gcc -Wp,-MD,x.d -Wp, -Wp,,,-DA,,-DB -c hello.c");
    EXPECT_EQ(joined(r.argv), "gcc -MD -MF x.d \"\" \"\" \"\" -DA \"\" -DB -c hello.c -o hello.o");
}

TEST(ScanArgs, EveryReasonHasAText) {
    std::set<std::string> seen;
    for (int i = 0; i <= static_cast<int>(LocalReason::missing_argument); ++i) {
        std::string text = describe(static_cast<LocalReason>(i));
        EXPECT_FALSE(text.empty());
        EXPECT_NE(text, "unknown");
        EXPECT_TRUE(seen.insert(text).second) << "duplicate text " << text;
    }
    EXPECT_STREQ(describe(LocalReason::native_cpu), "-march=native");
    EXPECT_STREQ(describe(LocalReason::no_compile_flag), "linking");
}

}  // namespace
}  // namespace dcc::compiler
