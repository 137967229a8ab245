// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/compiler/argument_policy.cpp and the argument tables: the allow-list
// of doc/security.md §2.  Two halves, each table-driven and run for gcc and clang:
// the flags real builds use (this project's own compile lines, the generated test
// tree, libiberty/bfd, googletest, a list of common flags) are all accepted; every
// probe of issue 16 and its near relatives is refused with the right rule.
#include "compiler/argument_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/argument_rules.hpp"
#include "compiler/client_argv.hpp"
#include "compiler/test_words.hpp"

using namespace dcc::compiler;
using dcc::compiler::test::words;

namespace {

const char* name_of(CompilerFamily family) {
    switch (family) {
    case CompilerFamily::gcc: return "gcc";
    case CompilerFamily::clang: return "clang";
    case CompilerFamily::either: return "cc";
    }
    return "?";
}

// "<compiler> -c x.c -o x.o <extra>" checked for `family`; "" when accepted, else
// "<rule>: <argument>".
std::string verdict(CompilerFamily family, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{name_of(family), "-c", "x.c", "-o", "x.o"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto refusal = check_arguments(argv, family);
    return refusal ? std::string(refusal_rule(refusal->kind)) + ": " + refusal->argument : std::string();
}

std::string verdict(CompilerFamily family, std::string_view extra) { return verdict(family, words(extra)); }

constexpr CompilerFamily k_families[] = {CompilerFamily::gcc, CompilerFamily::clang, CompilerFamily::either};

// Whole compile lines from real builds (the input and output words included).
const char* const k_real_lines[] = {
    // This project (make V=1): configure's CXXFLAGS, automake's dependency tracking.
    "g++ -DHAVE_CONFIG_H -I. -I.. -I../src -I. -DDCC_SYSCONFDIR=\"/usr/local/etc\" "
    "-DDCC_PREFIX_LIBDIR=\"/usr/local/lib\" -DDCC_BINDIR=\"/usr/local/bin\" -DDCC_SBINDIR=\"/usr/local/sbin\" "
    "-I/usr/include/lzo -std=c++20 -Wall -Wextra -Werror -g -O2 -MT src/common/strings.o -MD -MP "
    "-MF src/common/.deps/strings.Tpo -c -o src/common/strings.o ../src/common/strings.cpp",
    // ... the ASan build and the unit tests (googletest's pkg-config flags).
    "clang++ -DHAVE_CONFIG_H -I. -I.. -I../src -DGTEST_HAS_PTHREAD=1 -std=c++20 -Wall -Wextra -Werror "
    "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined "
    "-fsanitize=fuzzer-no-link -g -O1 -MT test/unit/x.o -MD -MP -MF test/unit/.deps/x.Tpo -c -o test/unit/x.o "
    "../test/unit/x.cpp",
    // The generated tree of test/pylib/dcctest/gentree.py.
    "gcc -O2 -g -MD -c src/u1.c -o obj/u1.o",
    // libiberty and bfd (binutils).
    "gcc -c -DHAVE_CONFIG_H -g -O2 -I. -I../../libiberty/../include -W -Wall -Wwrite-strings -Wc++-compat "
    "-Wstrict-prototypes -Wshadow=local -pedantic -D_GNU_SOURCE -fcf-protection ../../libiberty/regex.c -o "
    "pic/regex.o -fPIC",
    "gcc -DHAVE_CONFIG_H -I. -I../../bfd -I../../bfd/../include -DHAVE_x86_64_elf64_vec -DHAVE_i386_elf32_vec "
    "-DBINDIR=\"/usr/local/bin\" -DLIBDIR=\"/usr/local/lib\" -W -Wall -Wstrict-prototypes -Wmissing-prototypes "
    "-Wshadow -Wstack-usage=262144 -Werror -I../../bfd/../zlib -g -O2 -MT elf64-x86-64.lo -MD -MP -MF "
    ".deps/elf64-x86-64.Tpo -c ../../bfd/elf64-x86-64.c -fPIC -DPIC -o .libs/elf64-x86-64.o",
    // googletest's own CMake build.
    "g++ -DGTEST_CREATE_SHARED_LIBRARY=1 -Dgtest_EXPORTS -I/usr/src/googletest/googletest/include "
    "-I/usr/src/googletest/googletest -isystem /usr/src/googletest/googletest/include -Wall -Wshadow -Wundef "
    "-Wconversion -DGTEST_HAS_PTHREAD=1 -fexceptions -W -Wpointer-arith -Wreturn-type -Wcast-qual "
    "-Wwrite-strings -Wswitch -Wunused-parameter -Wcast-align -Winline -Wredundant-decls -O3 -DNDEBUG -fPIC "
    "-std=c++14 -pthread -o CMakeFiles/gtest.dir/src/gtest-all.cc.o -c /usr/src/googletest/src/gtest-all.cc",
    // A Linux kernel object (gcc).
    "gcc -Wp,-MMD,drivers/base/.core.o.d -nostdinc -I./arch/x86/include -I./include -include "
    "./include/linux/kconfig.h -D__KERNEL__ -fmacro-prefix-map=./= -std=gnu11 -fshort-wchar -funsigned-char "
    "-fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -fcf-protection=none "
    "-m64 -falign-jumps=1 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 "
    "-mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -Wno-sign-compare -fno-asynchronous-unwind-tables "
    "-mindirect-branch=thunk-extern -mindirect-branch-register -mfunction-return=thunk-extern -fno-jump-tables "
    "-mharden-sls=all -fpatchable-function-entry=16,16 -fno-delete-null-pointer-checks -O2 "
    "-fno-allow-store-data-races -fstack-protector-strong -fno-omit-frame-pointer -fno-optimize-sibling-calls "
    "-ftrivial-auto-var-init=zero -fno-stack-clash-protection -pg -mrecord-mcount -mfentry "
    "-DCC_USING_FENTRY -fno-inline-functions-called-once -fstrict-flex-arrays=3 -fno-strict-overflow "
    "-fno-stack-check -fconserve-stack -Wall -Wundef -Werror=strict-prototypes -Wframe-larger-than=2048 "
    "-Wa,--noexecstack -Wa,-mx86-used-note=no -g -gdwarf-5 -DKBUILD_MODFILE='\"drivers/base/core\"' "
    "-DKBUILD_BASENAME='\"core\"' -c -o drivers/base/core.o drivers/base/core.c",
};

// Single flags in common use, each added to a plain compile.
const char* const k_common_flags[] = {
    "-O0", "-O1", "-O2", "-O3", "-Os", "-Oz", "-Ofast", "-Og", "-O", "-g", "-g0", "-g1", "-g3", "-ggdb", "-ggdb3",
    "-gdwarf-4", "-gdwarf-5", "-gsplit-dwarf", "-gz", "-gz=zlib", "-gno-column-info", "-gline-tables-only",
    "-fPIC", "-fpic", "-fPIE", "-fpie", "-fno-pie", "-fno-PIC", "-fno-exceptions", "-fno-rtti",
    "-fvisibility=hidden", "-fvisibility-inlines-hidden", "-ffunction-sections", "-fdata-sections",
    "-fstack-protector-strong", "-fstack-protector-all", "-fno-strict-aliasing", "-fwrapv", "-fno-common",
    "-fomit-frame-pointer", "-fno-omit-frame-pointer", "-funroll-loops", "-fno-builtin", "-ffreestanding",
    "-fsigned-char", "-funsigned-char", "-fno-plt", "-fno-semantic-interposition", "-fopenmp", "-fcoroutines",
    "-fdiagnostics-color", "-fdiagnostics-color=always", "-fno-diagnostics-color", "-fcolor-diagnostics",
    "-fdiagnostics-show-option", "-fmessage-length=0", "-fmax-errors=10", "-ftemplate-depth=1024",
    "-fsanitize=address", "-fsanitize=undefined", "-fsanitize=thread", "-fsanitize=memory",
    "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fsanitize-address-use-after-scope",
    "-fsanitize-coverage=trace-pc-guard", "-fsanitize=kernel-address", "-flto=auto", "-flto=thin", "-flto=4",
    "-fno-lto", "-ffile-prefix-map=/build/src=.", "-fdebug-prefix-map=/build=/usr/src", "-fmacro-prefix-map=/a=b",
    "-frandom-seed=x.o", "-fcf-protection", "-fcf-protection=full", "-fstack-clash-protection",
    "-ftrivial-auto-var-init=pattern", "-fzero-call-used-regs=used-gpr", "-fexceptions", "-fasynchronous-unwind-tables",
    "-fno-math-errno", "-ffast-math", "-ffp-contract=fast", "-fexcess-precision=standard", "-fstack-usage",
    "-fno-tree-vectorize", "-fno-inline", "-finline-functions", "-fabi-version=11", "-fno-threadsafe-statics",
    "-fpermissive", "-fms-extensions", "-fno-operator-names", "-fstrict-enums", "-fno-elide-constructors",
    "-fdiagnostics-format=json", "-fno-ident", "-fexec-charset=UTF-8", "-finput-charset=UTF-8",
    "-Wall", "-Wextra", "-Werror", "-Wpedantic", "-Wno-unused-parameter", "-Werror=format-security",
    "-Wformat=2", "-Wshadow", "-Wconversion", "-Wno-error=deprecated-declarations", "-Wframe-larger-than=2048",
    "-w", "-pedantic", "-pedantic-errors", "-ansi",
    "-m64", "-m32", "-march=x86-64-v3", "-march=haswell", "-mtune=generic", "-msse4.2", "-mavx2", "-mfma",
    "-mno-red-zone", "-mcmodel=large", "-mfpmath=sse", "-mstackrealign", "-mgeneral-regs-only",
    "-std=c99", "-std=gnu11", "-std=c17", "-std=c++11", "-std=c++17", "-std=gnu++20", "-std=c++2b",
    "-pthread", "-pipe", "-v", "-H", "-P",
    "-DNDEBUG", "-D_FORTIFY_SOURCE=2", "-DVERSION=\"1.0\"", "-UNDEBUG", "-Iinclude", "-I/usr/include/glib-2.0",
    "-iquote src", "-isystem /usr/include/qt5", "-isystem/opt/x/include", "-include config.h", "-idirafter /x",
    "-imacros m.h", "-MD", "-MMD", "-MP", "-MG", "-MF x.d", "-MFdeps/x.d", "-MF .deps/x.Tpo", "-MT x.o", "-MQ $(x)",
    "--param max-inline-insns-single=1000", "--param=ssp-buffer-size=4", "-x c", "-x c++", "-x objective-c",
    "-Wa,--noexecstack", "-Wa,--compress-debug-sections", "-Wa,-mrelax-relocations=no", "-Xassembler --noexecstack",
    "-Wa,-gdwarf-5", "-shared", "-static", "-static-libgcc", "-static-libstdc++", "-rdynamic", "-nostdlib",
    "-nostdinc", "-nostdinc++", "-undef", "-lm", "-L/usr/lib", "-s", "-Xpreprocessor -DX=1",
};

// Flags only one family knows.
const char* const k_clang_flags[] = {
    "-target x86_64-linux-gnu", "--target=aarch64-linux-gnu", "-Qunused-arguments", "-stdlib=libc++",
    "-Xclang -fno-pch-timestamp", "-Xclang -fcolor-diagnostics", "-mllvm -inline-threshold=500",
    "-mllvm -asan-stack=0", "-mllvm=-asan-globals=0", "-Xclang -target-feature -Xclang +avx2",
    "-Weverything", "-Wno-c++98-compat", "-fcolor-diagnostics", "-ferror-limit=0", "-fno-integrated-as",
    "-fsanitize=cfi", "-fsanitize-cfi-cross-dso", "-fprofile-prefix-map=/a=b", "-fdebug-compilation-dir=.",
    "-fexperimental-new-pass-manager", "-ftrivial-auto-var-init=zero", "-gcolumn-info", "-emit-llvm",
    "--analyze", "-Xanalyzer -analyzer-output=text", "-Xclang -fdebug-compilation-dir -Xclang .",
    "-Xclang -mllvm -Xclang -inline-threshold=100", "-ftime-trace",
};
const char* const k_gcc_flags[] = {
    "--sysroot=/opt/sysroot", "--sysroot /opt/sysroot", "-no-integrated-cpp", "-fno-tree-vrp",
    "-fmodulo-sched", "-Wno-stringop-overflow", "-Wp,-D_GLIBCXX_ASSERTIONS", "-Xpreprocessor -MD -Xpreprocessor x.d",
};

TEST(ArgumentPolicy, RealBuildLinesAreAccepted) {
    for (const char* line : k_real_lines) {
        std::vector<std::string> argv = words(line);
        for (CompilerFamily family : k_families) {
            auto refusal = check_arguments(argv, family);
            EXPECT_FALSE(refusal) << name_of(family) << ": " << line << "\n  refused " << refusal->argument << ": "
                                  << refusal->reason;
        }
    }
}

TEST(ArgumentPolicy, CommonFlagsAreAcceptedByBothFamilies) {
    for (const char* flags : k_common_flags)
        for (CompilerFamily family : k_families) EXPECT_EQ(verdict(family, flags), "") << name_of(family) << " " << flags;
}

// Warning-faithful plain mode (doc/client.md §9.1): what a gcc server is sent is
// accepted for gcc and for a generic cc, and clang's compilation directory for clang.
TEST(ArgumentPolicy, FaithfulServerArgvIsAccepted) {
    std::vector<std::string> argv = faithful_server_argv(words("gcc -O2 -g -Wall -c a.c -o a.o"),
                                                         PreprocessStyle::directives_only, "/src");
    EXPECT_FALSE(check_arguments(argv, CompilerFamily::gcc));
    EXPECT_FALSE(check_arguments(argv, CompilerFamily::either));
    argv = faithful_server_argv(words("clang -g -c a.c -o a.o"), PreprocessStyle::rewrite_includes, "/s p/a,b");
    EXPECT_FALSE(check_arguments(argv, CompilerFamily::clang));
    // The client-side flags are never sent; -E stays refused whatever follows it.
    EXPECT_NE(verdict(CompilerFamily::gcc, "-E -fdirectives-only"), "");
    EXPECT_NE(verdict(CompilerFamily::clang, "-E -frewrite-includes"), "");
}

TEST(ArgumentPolicy, FamilyFlagsAreAcceptedByTheirFamily) {
    for (const char* flags : k_clang_flags) EXPECT_EQ(verdict(CompilerFamily::clang, flags), "") << flags;
    for (const char* flags : k_gcc_flags) EXPECT_EQ(verdict(CompilerFamily::gcc, flags), "") << flags;
    // A generic cc/c++ must satisfy both tables.
    EXPECT_NE(verdict(CompilerFamily::either, "-Xclang -fno-pch-timestamp"), "");
    EXPECT_NE(verdict(CompilerFamily::either, "--sysroot=/opt/sysroot"), "");
}

struct Probe {
    CompilerFamily family;
    const char* extra;
    const char* expected;  // "<rule>: <argument>"
};

using enum CompilerFamily;

// Issue 16's probes and their near relatives.
const Probe k_probes[] = {
    // Code execution through clang.
    {clang, "-Xclang -load -Xclang p.so", "plugin: -Xclang -load -Xclang p.so"},
    {clang, "-Xanalyzer -load -Xanalyzer p.so", "plugin: -Xanalyzer -load -Xanalyzer p.so"},
    {clang, "-Xclang -plugin -Xclang x", "plugin: -Xclang -plugin -Xclang x"},
    {clang, "-Xclang -add-plugin -Xclang x", "plugin: -Xclang -add-plugin -Xclang x"},
    {clang, "-Xclang -plugin-arg-x -Xclang y", "plugin: -Xclang -plugin-arg-x"},
    {clang, "-x cuda --ptxas-path=/usr/bin/python3", "language: -x cuda"},
    {clang, "--ptxas-path=/usr/bin/python3", "program: --ptxas-path=/usr/bin/python3"},
    {clang, "--cuda-path=/tmp/cuda", "program: --cuda-path=/tmp/cuda"},
    {clang, "-x hip", "not_compile: clang"},  // the scanner keeps it local
    {clang, "-x cl", "language: -x cl"},
    {gcc, "-x assembler", "not_compile: gcc"},
    {gcc, "-x assembler-with-cpp", "not_compile: gcc"},
    {gcc, "-x go", "language: -x go"},
    {clang, "-fpass-plugin=/tmp/p.so", "plugin: -fpass-plugin=/tmp/p.so"},
    {gcc, "-fplugin=/tmp/p.so", "plugin: -fplugin=/tmp/p.so"},
    {gcc, "-fplugin-arg-x-y=z", "plugin: -fplugin-arg-x-y=z"},
    {gcc, "-iplugindir=/tmp", "plugin: -iplugindir=/tmp"},
    {clang, "-mllvm -load=/tmp/p.so", "unknown_option: -mllvm -load=/tmp/p.so"},
    {clang, "-mllvm=-load=/tmp/p.so", "unknown_option: -mllvm=-load=/tmp/p.so"},
    {clang, "-mllvm -info-output-file=/tmp/x", "unknown_option: -mllvm -info-output-file=/tmp/x"},
    {clang, "-fopenmp-targets=nvptx64", "offload: -fopenmp-targets=nvptx64"},
    {clang, "--offload-arch=sm_80", "offload: --offload-arch=sm_80"},
    {clang, "-Xcuda-ptxas -v", "offload: -Xcuda-ptxas"},
    // Programs and where they are found.
    {gcc, "-B/tmp/evil", "program: -B/tmp/evil"},
    {clang, "-B /tmp/evil", "program: -B /tmp/evil"},
    {gcc, "-wrapper sh,-c,id", "program: -wrapper sh,-c,id"},
    {gcc, "-specs=x.specs", "not_compile: gcc"},  // the scanner keeps -specs= local
    {gcc, "--specs=x.specs", "program: --specs=x.specs"},
    {clang, "--sysroot=/tmp/root", "program: --sysroot=/tmp/root"},
    {clang, "--gcc-toolchain=/tmp", "program: --gcc-toolchain=/tmp"},
    {clang, "--config=/tmp/x.cfg", "program: --config=/tmp/x.cfg"},
    {clang, "-ccc-install-dir /tmp", "program: -ccc-install-dir"},
    {gcc, "-fcompare-debug=-fplugin=x.so", "program: -fcompare-debug=-fplugin=x.so"},
    {gcc, "-fmodule-mapper=|sh", "program: -fmodule-mapper=|sh"},
    {gcc, "@/etc/passwd", "response_file: @/etc/passwd"},
    // Files written anywhere.
    {gcc, "-aux-info=/tmp/x", "output_path: -aux-info=/tmp/x"},
    {gcc, "-aux-info /tmp/x", "output_path: -aux-info /tmp/x"},
    {gcc, "--dumpbase /tmp/x", "output_path: --dumpbase /tmp/x"},
    {gcc, "--dumpdir /tmp/", "output_path: --dumpdir /tmp/"},
    {gcc, "-dumpbase x", "output_path: -dumpbase"},
    {gcc, "-dumpdir x/", "output_path: -dumpdir"},
    {gcc, "-Wa,-MD,/tmp/x", "output_path: -Wa,-MD,/tmp/x"},
    {gcc, "-Wa,--M,/tmp/x", "unknown_option: -Wa,--M,/tmp/x"},
    {gcc, "-Wa,--MD,x", "not_compile: gcc"},  // the scanner keeps listings local
    {gcc, "-Wa,-a=/tmp/l", "not_compile: gcc"},
    {gcc, "-Wa,-g,-a=/tmp/l", "not_compile: gcc"},
    {gcc, "-Xassembler -a=/tmp/l", "output_path: -Xassembler -a=/tmp/l"},
    {gcc, "-Wa,-W,-MD,x", "output_path: -Wa,-W,-MD,x"},
    {gcc, "-Wa,-o,/tmp/x", "output_path: -Wa,-o,/tmp/x"},
    {gcc, "-Xassembler -MD -Xassembler /tmp/x", "output_path: -Xassembler -MD -Xassembler /tmp/x"},
    {gcc, "-Xassembler --MD -Xassembler x", "output_path: -Xassembler --MD -Xassembler x"},
    {gcc, "-Xpreprocessor -MD -Xpreprocessor /tmp/x", "output_path: -Xpreprocessor -MD -Xpreprocessor /tmp/x"},
    {gcc, "-Xpreprocessor -MMD -Xpreprocessor ../x", "output_path: -Xpreprocessor -MMD -Xpreprocessor ../x"},
    {gcc, "-Xpreprocessor -MD", "missing_value: -Xpreprocessor -MD"},
    {clang, "-fproc-stat-report=/tmp/x", "output_path: -fproc-stat-report=/tmp/x"},
    {clang, "-fproc-stat-report", "output_path: -fproc-stat-report"},
    {clang, "--serialize-diagnostics /tmp/x", "output_path: --serialize-diagnostics /tmp/x"},
    {clang, "-Xclang -stats-file=/tmp/x", "output_path: -Xclang -stats-file=/tmp/x"},
    {clang, "-Xclang -dependency-file -Xclang /tmp/x", "output_path: -Xclang -dependency-file -Xclang /tmp/x"},
    {clang, "-Xclang -o -Xclang /tmp/x", "not_compile: clang"},  // a second output
    {clang, "-MJ /tmp/x.json", "not_compile: clang"},  // -M words stay local
    {clang, "-MJx.json", "not_compile: clang"},
    {clang, "-ftime-trace=/tmp/x", "output_path: -ftime-trace=/tmp/x"},
    // Bare -ftime-trace is clang's only (its JSON stays in the job directory).
    {gcc, "-ftime-trace", "output_path: -ftime-trace"},
    {clang, "-save-stats=obj", "output_path: -save-stats=obj"},
    {clang, "-working-directory /tmp", "output_path: -working-directory /tmp"},
    {gcc, "-save-temps=/tmp", "output_path: -save-temps=/tmp"},
    {gcc, "-save-temps", "output_path: -save-temps"},
    {gcc, "-fdump-tree-all=/tmp/x", "output_path: -fdump-tree-all=/tmp/x"},
    {gcc, "-fdump-rtl-all", "output_path: -fdump-rtl-all"},
    {gcc, "-fdiagnostics-add-output=sarif:file=/tmp/x", "output_path: -fdiagnostics-add-output=sarif:file=/tmp/x"},
    {gcc, "-fdiagnostics-format=sarif-file", "unknown_option: -fdiagnostics-format=sarif-file"},
    {gcc, "-fopt-info-vec=/tmp/x", "unknown_option: -fopt-info-vec=/tmp/x"},
    {clang, "-foptimization-record-file=/tmp/x", "output_path: -foptimization-record-file=/tmp/x"},
    {clang, "-fsave-optimization-record", "output_path: -fsave-optimization-record"},
    {clang, "-fcrash-diagnostics-dir=/tmp", "output_path: -fcrash-diagnostics-dir=/tmp"},
    {gcc, "-fprofile-generate=/tmp", "not_compile: gcc"},  // the scanner keeps profiling local
    {gcc, "-fprofile-note=/tmp/x", "output_path: -fprofile-note=/tmp/x"},
    {gcc, "-fprofile-update=atomic", "output_path: -fprofile-update=atomic"},
    {clang, "-fprofile-instr-generate=/tmp/x", "output_path: -fprofile-instr-generate=/tmp/x"},
    {gcc, "-fmodules-ts", "output_path: -fmodules-ts"},
    {clang, "-fmodules-cache-path=/tmp", "output_path: -fmodules-cache-path=/tmp"},
    {gcc, "--output=/tmp/x.o", "output_path: --output=/tmp/x.o"},
    {gcc, "-MF /home/u/.bashrc", "output_path: -MF /home/u/.bashrc"},
    {gcc, "-MF../../x", "output_path: -MF../../x"},
    {gcc, "-MF a/../../x", "output_path: -MF a/../../x"},
    {gcc, "-MF", "not_compile: gcc"},
    {gcc, "-isystem", "missing_value: -isystem"},
    // Data files named by the client.
    {clang, "-fsanitize-ignorelist=/etc/x", "input_path: -fsanitize-ignorelist=/etc/x"},
    {clang, "-fsanitize-blacklist=x", "input_path: -fsanitize-blacklist=x"},
    {clang, "-fsanitize-coverage-allowlist=x", "input_path: -fsanitize-coverage-allowlist=x"},
    {clang, "-fprofile-sample-use=/tmp/x", "input_path: -fprofile-sample-use=/tmp/x"},
    {clang, "-ivfsoverlay /tmp/o.yaml", "input_path: -ivfsoverlay /tmp/o.yaml"},
    // No link remotely.
    {gcc, "-Wl,-rpath,/x", "link: -Wl,-rpath,/x"},
    {gcc, "-Xlinker --wrap=x", "link: -Xlinker --wrap=x"},
    {clang, "-fuse-ld=/tmp/ld", "link: -fuse-ld=/tmp/ld"},
    {gcc, "-T /tmp/x.ld", "link: -T /tmp/x.ld"},
    // Shapes: unknown options, values that are not plain words, stray operands.
    {gcc, "-Xclang -fno-pch-timestamp", "unknown_option: -Xclang"},
    {gcc, "--frobnicate", "unknown_option: --frobnicate"},
    {clang, "-cc1", "unknown_option: -cc1"},
    {gcc, "-fnew-option=value", "unknown_option: -fnew-option=value"},
    {gcc, "-fsanitize=/tmp/x", "value: -fsanitize=/tmp/x"},
    {gcc, "-march=../../x", "value: -march=../../x"},
    {gcc, "-Wfoo=/x", "value: -Wfoo=/x"},
    {clang, "-target /tmp/x", "value: -target /tmp/x"},
    {gcc, "-include", "missing_value: -include"},
    {gcc, "extra.txt", "operand: extra.txt"},
    {gcc, "-", "operand: -"},
    {clang, "-Xclang x.so", "operand: -Xclang x.so"},
    {clang, "-Xclang -Xclang -Xclang -load", "unknown_option: -Xclang -Xclang"},
    {clang, "-mllvm", "missing_value: -mllvm"},
    // Generic names are checked against both tables.
    {either, "-Xclang -load -Xclang x", "unknown_option: -Xclang"},
    {either, "--sysroot=/x", "program: --sysroot=/x"},
};

TEST(ArgumentPolicy, IssueProbesAreRefusedWithTheirRule) {
    for (const Probe& probe : k_probes)
        EXPECT_EQ(verdict(probe.family, probe.extra), probe.expected) << name_of(probe.family) << " " << probe.extra;
}

TEST(ArgumentPolicy, TheInputIsNoOptionsValue) {
    // clang --analyze -Xanalyzer -load -Xanalyzer <input>: the scanner takes the last
    // word for the input, which the daemon replaces with the job's file.
    auto refusal = check_arguments(words("clang -c --analyze -Xanalyzer -load -Xanalyzer x.c -o x.o"));
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->kind, RefusalKind::operand);
    EXPECT_EQ(refusal->argument, "-Xanalyzer x.c");
    refusal = check_arguments(words("gcc -c -o x.o -include x.c"));
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->kind, RefusalKind::operand);
}

TEST(ArgumentPolicy, JoinedLanguageIsCheckedItself) {
    // The scanner looks at the word after a joined -x (QUIRK kept); the allow-list
    // checks the joined value.
    auto refusal = check_arguments(words("clang -c -o c.o -xcuda c.c"));
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->kind, RefusalKind::language);
    EXPECT_EQ(refusal->argument, "-xcuda");
    EXPECT_FALSE(check_arguments(words("clang -c -o c.o -xc c.c")));
}

TEST(ArgumentPolicy, RefusalsCarryAReason) {
    auto refusal = check_arguments(words("clang -c x.c -o x.o --ptxas-path=/usr/bin/python3"));
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->argument, "--ptxas-path=/usr/bin/python3");
    EXPECT_EQ(refusal->reason, "it chooses a program the compiler runs, or where it finds its programs");
    // A compiler of no known family must satisfy both tables.
    EXPECT_FALSE(check_arguments(words("tcc -c x.c -o x.o -O2 -g")));
    refusal = check_arguments(words("tcc -c x.c -o x.o --sysroot=/x"));
    ASSERT_TRUE(refusal);
    EXPECT_STREQ(refusal_rule(refusal->kind), "program");
}

TEST(ArgumentPolicy, CompilerFamilies) {
    struct Case {
        const char* name;
        std::optional<CompilerFamily> family;
    };
    const Case cases[] = {
        {"gcc", gcc},       {"g++", gcc},   {"gcc-12", gcc}, {"x86_64-linux-gnu-gcc-12", gcc},
        {"/usr/bin/g++", gcc}, {"aarch64-linux-gnu-g++", gcc}, {"clang", clang}, {"clang++", clang},
        {"clang-14", clang}, {"clang++-14.0", clang}, {"/usr/lib/llvm-14/bin/clang", clang},
        {"x86_64-pc-linux-gnu-clang", clang}, {"cc", either}, {"c++", either}, {"/usr/bin/cc", either},
        {"tcc", std::nullopt}, {"sh", std::nullopt}, {"gcc-ar", std::nullopt}, {"clang-cl", std::nullopt},
        {"python3", std::nullopt}, {"nvcc", std::nullopt}, {"", std::nullopt}, {"-gcc", std::nullopt},
    };
    for (const Case& c : cases) EXPECT_EQ(compiler_family(c.name), c.family) << c.name;
}

TEST(ArgumentPolicy, RemoteLanguages) {
    for (const char* language : {"c", "c++", "objective-c", "objective-c++", "cpp-output", "c++-cpp-output",
                                 "objective-c-cpp-output", "objc-cpp-output", "c-header", "none"})
        EXPECT_TRUE(is_remote_language(language)) << language;
    for (const char* language : {"cuda", "hip", "cl", "assembler", "assembler-with-cpp", "go", "ada", "f95", "ir",
                                 "c++-module", "cu", ""})
        EXPECT_FALSE(is_remote_language(language)) << language;
}

TEST(ArgumentTables, EveryTableIsSortedAndNamesAreOptions) {
    for (auto table : {common_driver_rules(), gcc_driver_rules(), clang_driver_rules(), cc1_rules(),
                       assembler_rules(), preprocessor_rules(), llvm_rules()}) {
        EXPECT_TRUE(is_well_formed<ArgumentRule>(table));
        for (const PolicyRule& rule : table) {
            EXPECT_TRUE(rule.name.starts_with('-')) << rule.name;
            // A separate value needs an exact row; a joined one a prefix row.
            if (rule.action.form == ArgForm::separate || rule.action.form == ArgForm::none) {
                EXPECT_TRUE(rule.match == Match::exact || rule.action.verdict != Verdict::accept) << rule.name;
            }
            bool joins = rule.action.form == ArgForm::joined || rule.action.form == ArgForm::joined_or_separate;
            if (joins && rule.action.verdict == Verdict::accept) {
                EXPECT_EQ(rule.match, Match::prefix) << rule.name;
            }
        }
    }
}

TEST(ArgumentTables, FamilyRowsWinOverCommonRowsOfTheSameName) {
    std::span<const PolicyRule> clang_tables[] = {clang_driver_rules(), common_driver_rules()};
    const PolicyRule* rule = find_policy_rule(clang_tables, "--sysroot=/x");
    ASSERT_TRUE(rule);
    EXPECT_EQ(rule->action.verdict, Verdict::runs_program);
    rule = find_policy_rule(clang_tables, "-fsanitize=address");
    ASSERT_TRUE(rule);
    EXPECT_EQ(rule->name, "-fsanitize=");
    EXPECT_EQ(find_policy_rule(clang_tables, "-"), nullptr);
}

}  // namespace
