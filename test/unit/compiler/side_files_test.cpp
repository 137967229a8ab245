// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/side_files (doc/protocol.md §16.5): which side outputs and
// declared inputs a command has, when it cannot use the extension, gcc's .gcda name
// mangling, and the daemon's argv rewrite.
#include "compiler/side_files.hpp"

#include <gtest/gtest.h>

#include "compiler/test_words.hpp"

namespace dcc::compiler {
namespace {

using test::joined;
using test::scan;

std::string outputs_of(const SidePlan& plan) {
    std::string out;
    for (const SideOutput& o : plan.outputs) out += (out.empty() ? "" : " ") + o.path;
    return out;
}

TEST(SideFiles, PlainCommandsNeedNothing) {
    for (const char* command : {"gcc -O2 -g -c a.c -o a.o", "clang -c a.c", "gcc -S -gsplit-dwarf a.c -o a.s",
                                "clang -gsplit-dwarf=single -g -c a.c -o a.o", "gcc -ftime-trace -c a.c"}) {
        SidePlan plan = plan_side_files(scan(command));
        EXPECT_FALSE(plan.needed()) << command;
        EXPECT_FALSE(plan.unusable) << command;
    }
}

TEST(SideFiles, SideOutputsAreNamedAfterTheOutputWord) {
    SidePlan plan = plan_side_files(scan("gcc -g -gsplit-dwarf -fstack-usage -c a.c -o sub/a.o"));
    EXPECT_EQ(outputs_of(plan), "sub/a.dwo sub/a.su");
    EXPECT_FALSE(plan.unusable);
    EXPECT_TRUE(plan.served_words.empty());
    EXPECT_EQ(outputs_of(plan_side_files(scan("clang -ftime-trace -gsplit-dwarf=split -c a.c -o d/a.c.o"))),
              "d/a.c.json d/a.c.dwo");
    EXPECT_EQ(outputs_of(plan_side_files(scan("gcc -fstack-usage -c x/b.c"))), "b.su");  // implied output b.o
    EXPECT_EQ(outputs_of(plan_side_files(scan("gcc -fstack-usage -fstack-usage -c b.c -o noext"))), "noext.su");
    // -ftime-trace is served by the daemon, which returns its JSON (versions 1-3 drop it).
    SidePlan clang = plan_side_files(scan("clang -c a.c -ftime-trace -o a.o"));
    ASSERT_EQ(clang.served_words.size(), 1u);
    EXPECT_EQ(clang.served_words[0], 3u);
}

TEST(SideFiles, DeclaredInputsInArgvOrder) {
    SidePlan plan = plan_side_files(
        scan("clang -fsanitize-ignorelist=ign.txt -c a.c -fprofile-instr-use=p/x.profdata -fsanitize-blacklist=b "
             "-fprofile-sample-use=s.prof -fprofile-use=dir -o a.o"));
    ASSERT_EQ(plan.inputs.size(), 5u);
    EXPECT_EQ(plan.inputs[0].option, "-fsanitize-ignorelist=");
    EXPECT_EQ(plan.inputs[0].value, "ign.txt");
    EXPECT_EQ(plan.inputs[0].index, 1u);
    EXPECT_EQ(plan.inputs[1].value, "p/x.profdata");
    EXPECT_EQ(plan.inputs[4].option, "-fprofile-use=");
    EXPECT_EQ(plan.inputs[4].form, InputForm::file);
    EXPECT_EQ(plan.served_words.size(), 5u);
    EXPECT_FALSE(plan.unusable);

    SidePlan gcc = plan_side_files(scan("gcc -fprofile-use -c a.c -o o/a.o"));
    ASSERT_EQ(gcc.inputs.size(), 1u);
    EXPECT_EQ(gcc.inputs[0].form, InputForm::gcc_profile_bare);
    EXPECT_EQ(gcc.output_stem, "o/a");
    SidePlan dir = plan_side_files(scan("x86_64-linux-gnu-gcc-12 -fprofile-use=prof -c a.c -o a.o"));
    ASSERT_EQ(dir.inputs.size(), 1u);
    EXPECT_EQ(dir.inputs[0].form, InputForm::gcc_profile_dir);
    EXPECT_EQ(dir.inputs[0].value, "prof");
}

std::string unusable(const char* command) { return plan_side_files(scan(command)).unusable.value_or(""); }

TEST(SideFiles, WhatTheExtensionCannotServe) {
    EXPECT_NE(unusable("gcc -g -gsplit-dwarf -c a.c -o /abs/a.o"), "");
    EXPECT_EQ(unusable("gcc -g -gsplit-dwarf -c a.c -o x..y/a.o"), "");
    EXPECT_NE(unusable("gcc -g -gsplit-dwarf -c a.c -o ../../../../../../../../../../../../../../../../../a.o"), "");
    EXPECT_NE(unusable("gcc -g -gsplit-dwarf -c a.c -o sub/.."), "");
    EXPECT_NE(unusable("gcc -fprofile-use=prof -c a.c -o ../a.o"), "");
    EXPECT_NE(unusable("clang -fstack-usage -fprofile-instr-generate -c a.c -o a.o"), "");
    EXPECT_NE(unusable("gcc -fprofile-use -fprofile-dir=d -c a.c -o a.o"), "");
    // Not served for a compiler of unknown family or gcc: the argument policy refuses it.
    EXPECT_FALSE(plan_side_files(scan("cc -fsanitize-ignorelist=x -c a.c -o a.o")).needed());
    EXPECT_FALSE(plan_side_files(scan("gcc -fsanitize-ignorelist=x -c a.c -o a.o")).needed());
    EXPECT_NE(unusable("clang -fprofile-instr-use= -c a.c -o a.o"), "");
    // Without anything to serve, coverage is the scanner's business, not ours.
    EXPECT_FALSE(plan_side_files(scan("gcc -c a.c -o /abs/a.o")).unusable);
}

TEST(SideFiles, GccCoverage) {
    SidePlan plan = plan_side_files(scan("gcc -g --coverage -O0 -c src/a.c -o obj/a.o"));
    EXPECT_TRUE(plan.coverage);
    EXPECT_TRUE(plan.needed());
    EXPECT_FALSE(plan.unusable);
    EXPECT_EQ(outputs_of(plan), "obj/a.gcno");
    EXPECT_EQ(plan.served_words, std::vector<std::size_t>{2});  // hidden from the argument policy
    EXPECT_EQ(outputs_of(plan_side_files(scan("gcc -ftest-coverage -fprofile-arcs -c a.c"))), "a.gcno");
    // -fprofile-arcs alone: the object names a .gcda, no note is written.
    plan = plan_side_files(scan("gcc -fprofile-arcs -c a.c -o a.o"));
    EXPECT_TRUE(plan.needed());
    EXPECT_EQ(outputs_of(plan), "");
    // Anything else named after the object would be named with the client's path.
    for (const char* command :
         {"gcc --coverage -fstack-usage -c a.c -o a.o", "gcc --coverage -g -gsplit-dwarf -c a.c -o a.o",
          "gcc --coverage -fcallgraph-info -c a.c -o a.o", "gcc --coverage -fprofile-use -c a.c -o a.o",
          "gcc -fprofile-note=n.gcno --coverage -c a.c -o a.o", "gcc --coverage -fprofile-abs-path -c a.c -o a.o",
          "gcc --coverage -dumpdir d/ -c a.c -o a.o", "gcc --coverage -fsave-optimization-record -c a.c -o a.o",
          "gcc --coverage -fcompare-debug -c a.c -o a.o", "gcc --coverage -flto=2 -c a.c -o a.o",
          "gcc --coverage -fprofile-dir=d -c a.c -o a.o", "gcc --coverage -c a.c -o /abs/a.o",
          "gcc -fprofile-arcs -fbranch-probabilities -c a.c -o a.o",
          "gcc --coverage -fdiagnostics-format=json -c a.c -o a.o"})
        EXPECT_NE(unusable(command), "") << command;
    // Not a compiler of unknown family.
    EXPECT_NE(unusable("cc --coverage -c a.c -o a.o"), "");
    EXPECT_FALSE(plan_side_files(scan("gcc --coverage -c a.c")).clang_coverage);
}

TEST(SideFiles, ClangCoverage) {
    SidePlan plan = plan_side_files(scan("clang --coverage -O1 -c src/a.c -o obj/a.o"));
    EXPECT_TRUE(plan.coverage);
    EXPECT_TRUE(plan.clang_coverage);
    EXPECT_TRUE(plan.coverage_arcs);
    EXPECT_FALSE(plan.unusable);
    EXPECT_EQ(outputs_of(plan), "obj/a.gcno");
    EXPECT_EQ(plan.served_words, std::vector<std::size_t>{1});
    plan = plan_side_files(scan("clang -ftest-coverage -c a.c"));
    EXPECT_FALSE(plan.coverage_arcs);
    EXPECT_EQ(outputs_of(plan), "a.gcno");
    // The same words as gcc's stay local: what else is named after the object.
    EXPECT_NE(unusable("clang --coverage -fstack-usage -c a.c -o a.o"), "");
    EXPECT_EQ(unusable("clang --coverage -c a.c -o ../a.o"), "");
}

TEST(SideFiles, ClimbingOutputsArePlaced) {
    // The daemon runs such a job in a nested directory (doc/protocol.md §16.7 item 3);
    // the argument policy sees where the output lands inside its job directory.
    ScanResult s = scan("gcc -g -gsplit-dwarf -c a.c -o ../obj/a.o");
    SidePlan plan = plan_side_files(s);
    EXPECT_FALSE(plan.unusable);
    EXPECT_EQ(outputs_of(plan), "../obj/a.dwo");
    ASSERT_TRUE(plan.placed_output);
    EXPECT_EQ(joined(policy_view(s.argv, plan)), "gcc -g -gsplit-dwarf -c a.c -o obj/a.o");
    ScanResult j = scan("clang -ftime-trace -c a.c -o../../x/../a.o");
    SidePlan joined_plan = plan_side_files(j);
    EXPECT_FALSE(joined_plan.unusable);
    EXPECT_EQ(joined(policy_view(j.argv, joined_plan)), "clang -c a.c -oa.o");
    EXPECT_EQ(joined(policy_view(test::words("gcc -c a.c -o ../a.o"), SidePlan{})), "gcc -c a.c -o ../a.o");
    EXPECT_FALSE(plan_side_files(scan("gcc -fstack-usage -c a.c -o obj/../a.o")).placed_output);
}

TEST(SideFiles, GccMangling) {
    EXPECT_EQ(gcc_mangled_gcda_name("/tmp/so2/pg/y"), "#tmp#so2#pg#y.gcda");
    EXPECT_EQ(gcc_mangled_gcda_name("/a/../b.c"), "#a#^#b.c.gcda");
}

TEST(SideFiles, ServedWordsAreHiddenFromThePolicy) {
    std::vector<std::string> argv = test::words("clang -ftime-trace -c a.c -fsanitize-ignorelist=x -o a.o");
    EXPECT_EQ(joined(without_served_words(argv, {1, 4})), "clang -c a.c -o a.o");
}

TEST(SideFiles, ServerArgv) {
    ScanResult s = scan("clang -fprofile-instr-use=../p.profdata -g -gsplit-dwarf -c src/a.c -o sub/a.o");
    SidePlan plan = plan_side_files(s);
    EXPECT_EQ(joined(side_server_argv(s, plan, "/w/input.i", {"/w/xin/0"}, "/w/xcwd", "/home/me")),
              "clang -fprofile-instr-use=/w/xin/0 -g -gsplit-dwarf -c /w/input.i -o sub/a.o "
              "-fdebug-prefix-map=/w/xcwd=/home/me");
    ScanResult g = scan("gcc -fprofile-use -c a.c -o a.o");
    EXPECT_EQ(joined(side_server_argv(g, plan_side_files(g), "/w/input.i", {"/w/xin/0"}, "/w/xcwd", "/c")),
              "gcc -fprofile-use -c /w/input.i -o a.o -fdebug-prefix-map=/w/xcwd=/c");
    // Coverage: the aux base is the client's directory of the object, the note stays here.
    ScanResult c = scan("gcc --coverage -c src/a.c -o obj/a.o");
    EXPECT_EQ(joined(side_server_argv(c, plan_side_files(c), "/w/input.i", {}, "/w/xcwd", "/home/me")),
              "gcc --coverage -c /w/input.i -o obj/a.o -fdebug-prefix-map=/w/xcwd=/home/me "
              "-dumpdir /home/me/obj/ -fprofile-note=obj/a.gcno");
    ScanResult r = scan("gcc -fprofile-arcs -c a.c");
    EXPECT_EQ(joined(side_server_argv(r, plan_side_files(r), "/w/input.i", {}, "/w/xcwd", "/")),
              "gcc -fprofile-arcs -c /w/input.i -o a.o -fdebug-prefix-map=/w/xcwd=/ -dumpdir //");
}

// The daemon's argv for a command without declared inputs, job directory /w/xcwd.
std::string coverage_argv(const char* command, const char* client_cwd) {
    ScanResult s = scan(command);
    return joined(side_server_argv(s, plan_side_files(s), "/w/input.i", {}, "/w/xcwd", client_cwd));
}

TEST(SideFiles, ClangCoverageServerArgv) {
    // The later cc1 words win over the driver's absolute names (doc/protocol.md §16.7).
    struct Case {
        const char* command;
        const char* client_cwd;
        const char* want;
    };
    for (const Case& c : {
             Case{"clang --coverage -c src/a.c -o obj/a.o", "/home/me",
                  "clang --coverage -c /w/input.i -o obj/a.o -fdebug-prefix-map=/w/xcwd=/home/me -Xclang "
                  "-coverage-data-file=/home/me/obj/a.gcda -Xclang -coverage-notes-file=obj/a.gcno"},
             Case{"clang -ftest-coverage -c a.c", "/c",
                  "clang -ftest-coverage -c /w/input.i -o a.o -fdebug-prefix-map=/w/xcwd=/c -Xclang "
                  "-coverage-notes-file=a.gcno"},
             Case{"clang -fprofile-arcs -c a.c", "/c",
                  "clang -fprofile-arcs -c /w/input.i -o a.o -fdebug-prefix-map=/w/xcwd=/c -Xclang "
                  "-coverage-data-file=/c/a.gcda"},
         })
        EXPECT_EQ(coverage_argv(c.command, c.client_cwd), c.want) << c.command;
}

}  // namespace
}  // namespace dcc::compiler
