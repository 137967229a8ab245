// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/client_argv: the plain-mode server argv and the local
// preprocessor command (vectors observed with Debian 3.4's "dcc_strip_local_args
// result" and cpp "forking to execute" lines), the .d fix of doc/client.md §11.1, and the
// pump server argv of doc/client.md §10.
#include "compiler/client_argv.hpp"

#include <gtest/gtest.h>

#include "compiler/test_words.hpp"

namespace dcc::compiler {
namespace {

using test::joined;
using test::scan;
using test::words;

std::string stripped(std::string_view text) { return joined(strip_local_args(words(text))); }

TEST(StripLocalArgs, SpecVectors) {
    EXPECT_EQ(stripped("cc -Dhello hello.c -c"), "cc hello.c -c");
    EXPECT_EQ(stripped("cc -c hello.c -D -D"), "cc -c hello.c");
    EXPECT_EQ(stripped("cc -c -I. -I.. -I../include -c -o foo.o foo.c"), "cc -c -c -o foo.o foo.c");
    EXPECT_EQ(stripped("cc -Wp,-MD,.deps/x.pp -include ../config-defs.h -c hello.c"), "cc -c hello.c");
}

TEST(StripLocalArgs, ObservedWithDebian) {
    EXPECT_EQ(stripped("true -c hello.c -iquote q -iquoteq -isysroot s -idirafter d -idirafterd -isystem s -isystems"),
              "true -c hello.c -iquote q -iquoteq -isysroot s -idirafterd");
    EXPECT_EQ(stripped("true -c hello.c -include a.h -includeb.h -imacros m.h -iprefix p -iwithprefix w "
                       "-iwithprefixbefore wb -imacrosm"),
              "true -c hello.c -includeb.h -imacrosm");
    EXPECT_EQ(stripped("true -c hello.c -undef -nostdinc -nostdinc++ -nostdlib -MD -MMD -MG -MP -MQ q -MT t -MF f"),
              "true -c hello.c -nostdlib");
    EXPECT_EQ(stripped("true -c hello.c -U X -UY -L -l"), "true -c hello.c");
    EXPECT_EQ(stripped("true -c a.c -Wl,-foo -lm -L/x -Ldir -l m -o a.o"), "true -c a.c -o a.o");
    EXPECT_EQ(stripped("true -MFa.d -MTa.c -MQx -c b.c"), "true -c b.c");
    EXPECT_EQ(stripped("true -c a.c -Xlinker -z"), "true -c a.c -Xlinker -z");
}

TEST(StripLocalArgs, DeliberateDifferencesFromDebian) {
    // Debian 3.4 removed -stdlib=... (QUIRK) and kept both -Xpreprocessor words.
    EXPECT_EQ(stripped("true -c hello.c -stdlib=libc++ -stdlibx"), "true -c hello.c -stdlib=libc++ -stdlibx");
    EXPECT_EQ(stripped("true -c hello.c -Xpreprocessor -DX -Xpreprocessor"), "true -c hello.c");
    EXPECT_EQ(stripped("true -c hello.c -Xpreprocessor -foo -O2"), "true -c hello.c -O2");
}

TEST(StripLocalArgs, CompilerNameIsKept) {
    EXPECT_EQ(stripped("-Dcc -c a.c"), "-Dcc -c a.c");
}

TEST(PlainRemoteArgv, AppendedOutputIsNeverSwallowed) {
    EXPECT_EQ(joined(plain_remote_argv(scan("cc -Dfoo -c a.c"))), "cc -c a.c -o a.o");
    EXPECT_EQ(joined(plain_remote_argv(scan("cc -c hello.c -o hello.o -Ifoo"))), "cc -c hello.c -o hello.o");
    // Debian 3.4 sent "true -c hello.c hello.o" for this one.
    EXPECT_EQ(joined(plain_remote_argv(scan("true -c hello.c -I"))), "true -c hello.c -o hello.o");
    EXPECT_EQ(joined(plain_remote_argv(scan("true -c hello.c -include"))), "true -c hello.c -o hello.o");
    EXPECT_EQ(joined(plain_remote_argv(scan("true -ohello.o -c hello.c"))), "true -ohello.o -c hello.c");
    EXPECT_EQ(joined(plain_remote_argv(scan("true -Wp,-MD,x.d -Wp, -Wp,,,-DA,,-DB -c hello.c"))),
              "true \"\" \"\" \"\" \"\" -c hello.c -o hello.o");
}

std::string cpp(std::string_view text) { return joined(preprocessor_argv(scan(text))); }

TEST(PreprocessorArgv, ObservedWithDebian) {
    EXPECT_EQ(cpp("true -c hello.c"), "true -E hello.c");
    EXPECT_EQ(cpp("true -o /tmp/hello.o -c ../src/hello.c"), "true -E ../src/hello.c");
    EXPECT_EQ(cpp("true -DMYNAME=quasibar.c bar.c -c -o bar.o"), "true -DMYNAME=quasibar.c bar.c -E");
    EXPECT_EQ(cpp("true -ohello.o -c hello.c"), "true -E hello.c");
    EXPECT_EQ(cpp("ccache true -c hello.c"), "ccache true -E hello.c");
    EXPECT_EQ(cpp("true -c -S hello.c"), "true -E -E hello.c");
    EXPECT_EQ(cpp("true -S hello.c"), "true -E hello.c");
    EXPECT_EQ(cpp("true -Wa,-xarch=v8 -c foo.c"), "true -Wa,-xarch=v8 -E foo.c");
    EXPECT_EQ(cpp("true -c -I. -I.. -I../include -c -o foo.o foo.c"), "true -E -I. -I.. -I../include -E foo.c");
    EXPECT_EQ(cpp("true -c a.c -Wl,-foo -lm -L/x -Ldir -l m"), "true -E a.c -Wl,-foo -lm -L/x -Ldir -l m");
    EXPECT_EQ(cpp("true -c hello.c -stdlib=libc++"), "true -E hello.c -stdlib=libc++");
    EXPECT_EQ(cpp("true -MD -c hello.c"), "true -MD -E hello.c");
    EXPECT_EQ(cpp("true -MF a.d -c a.c"), "true -MF a.d -E a.c");
    EXPECT_EQ(cpp("true -MQ x -MG -MP -MMD -c b.c"), "true -MQ x -MG -MP -MMD -E b.c");
    EXPECT_EQ(cpp("true -Wp,-MD,.deps/x.pp -include ../config-defs.h -c hello.c"),
              "true -MD -MF .deps/x.pp -include ../config-defs.h -E hello.c");
}

TEST(PreprocessorArgv, DependencyFileWhereTheCompilerPutsIt) {
    // doc/client.md §11.1: gcc alone writes obj/m.d with target obj/m.o.
    EXPECT_EQ(cpp("gcc -MD -c src/main.c -o obj/m.o"), "gcc -MD -E src/main.c -MF obj/m.d -MQ obj/m.o");
    EXPECT_EQ(cpp("gcc -MMD -c src/main.c -oobj/m.o"), "gcc -MMD -E src/main.c -MF obj/m.d -MQ obj/m.o");
    EXPECT_EQ(cpp("gcc -MD -S src/main.c -o y.s"), "gcc -MD -E src/main.c -MF y.d -MQ y.s");
    // The user's -MF and -MT/-MQ are kept, and not doubled.
    EXPECT_EQ(cpp("gcc -MD -MF deps/m.dep -c src/main.c -o obj/m.o"),
              "gcc -MD -MF deps/m.dep -E src/main.c -MQ obj/m.o");
    EXPECT_EQ(cpp("gcc -MD -MT tgt -c src/main.c -o obj/m.o"), "gcc -MD -MT tgt -E src/main.c -MF obj/m.d");
    EXPECT_EQ(cpp("gcc -MD -MQtgt -MFx.d -c src/main.c -o obj/m.o"), "gcc -MD -MQtgt -MFx.d -E src/main.c");
    // Implied output: the preprocessor's defaults (main.d, target main.o) are gcc's.
    EXPECT_EQ(cpp("gcc -MD -c src/main.c"), "gcc -MD -E src/main.c");
    EXPECT_EQ(cpp("gcc -MD -S src/main.c"), "gcc -MD -E src/main.c");
    // No -MD/-MMD: nothing to fix (-MF alone writes no file).
    EXPECT_EQ(cpp("gcc -MF x.d -c src/main.c -o obj/m.o"), "gcc -MF x.d -E src/main.c");
    // -MD only inside -Wp,: gcc's preprocessor picks its own target; clang targets
    // the output.
    EXPECT_EQ(cpp("gcc -Wp,-MD,obj/w.d -c src/main.c -o obj/m.o"), "gcc -MD -MF obj/w.d -E src/main.c");
    EXPECT_EQ(cpp("clang -Wp,-MD,obj/w.d -c src/main.c -o obj/m.o"),
              "clang -MD -MF obj/w.d -E src/main.c -MQ obj/m.o");
    EXPECT_EQ(cpp("/usr/bin/clang-14 -Wp,-MMD,w.d -c a.c -o m.o"), "/usr/bin/clang-14 -MMD -MF w.d -E a.c -MQ m.o");
    // A stray object word is not an -o output.
    EXPECT_EQ(cpp("gcc -MD -c src/main.c b.o"), "gcc -MD -E src/main.c b.o");
}

TEST(PreprocessorArgv, FaithfulStylesFollowEachDashE) {
    // doc/client.md §9.1.
    auto faithful = [](std::string_view text, PreprocessStyle style) {
        return joined(preprocessor_argv(scan(text), style));
    };
    EXPECT_EQ(faithful("gcc -O2 -c a.c -o a.o", PreprocessStyle::directives_only), "gcc -O2 -E -fdirectives-only a.c");
    EXPECT_EQ(faithful("clang -c -S a.c", PreprocessStyle::rewrite_includes),
              "clang -E -frewrite-includes -E -frewrite-includes a.c");
    EXPECT_EQ(faithful("gcc -MD -c m.c -o o/m.o", PreprocessStyle::directives_only),
              "gcc -MD -E -fdirectives-only m.c -MF o/m.d -MQ o/m.o");
    EXPECT_EQ(faithful("gcc -c a.c", PreprocessStyle::full), "gcc -E a.c");
}

TEST(FaithfulServerArgv, WhatEachStyleNeeds) {
    std::vector<std::string> argv = words("gcc -O2 -c a.c -o a.o");
    EXPECT_EQ(joined(faithful_server_argv(argv, PreprocessStyle::directives_only, "/src")),
              "gcc -fpreprocessed -fdirectives-only -O2 -c a.c -o a.o");
    EXPECT_EQ(joined(faithful_server_argv(argv, PreprocessStyle::full, "/src")), "gcc -O2 -c a.c -o a.o");
    EXPECT_TRUE(faithful_server_argv({}, PreprocessStyle::directives_only, "/src").empty());
    argv = words("clang -g -c a.c -o a.o");
    EXPECT_EQ(joined(faithful_server_argv(argv, PreprocessStyle::rewrite_includes, "/src")),
              "clang -fdebug-compilation-dir=/src -g -c a.c -o a.o");
    EXPECT_EQ(joined(faithful_server_argv(argv, PreprocessStyle::rewrite_includes, "")), "clang -g -c a.c -o a.o");
    // The user's own compilation directory wins.
    argv = words("clang -g -ffile-compilation-dir=. -c a.c");
    EXPECT_EQ(joined(faithful_server_argv(argv, PreprocessStyle::rewrite_includes, "/src")),
              "clang -g -ffile-compilation-dir=. -c a.c");
}

TEST(PumpServerArgv, AddsTheTargetWhenADotDIsNeeded) {
    ScanResult s = scan("gcc -MD -c src/x.c -o obj/x.o");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, std::nullopt))), "gcc -MD -c src/x.c -o obj/x.o -MT obj/x.o");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, "x.d tgt"))), "gcc -MD -c src/x.c -o obj/x.o -MT tgt");
    s = scan("gcc -c src/x.c");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, std::nullopt))), "gcc -c src/x.c -o x.o");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, "deps.d"))), "gcc -c src/x.c -o x.o -MT x.o");
    // The user's -MT or -MQ is enough; nothing is stripped.
    s = scan("gcc -MD -MQ q -I/inc -DX -c src/x.c -o obj/x.o");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, std::nullopt))), "gcc -MD -MQ q -I/inc -DX -c src/x.c -o obj/x.o");
    // A joined -MTt does not count as setting the target (QUIRK kept).
    s = scan("gcc -MD -MTt -c x.c");
    EXPECT_EQ(joined(pump_server_argv(s, dotd_info(s, std::nullopt))), "gcc -MD -MTt -c x.c -o x.o -MT x.o");
}

}  // namespace
}  // namespace dcc::compiler
