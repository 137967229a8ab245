// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/compiler_name (doc/client.md §5) against a fake file system
// shaped like the Debian machine the behaviour was observed on: cc and c++ are
// links through /etc/alternatives, the triple-prefixed gcc names exist in /usr/bin.
#include "compiler/compiler_name.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/files.hpp"
#include "compiler/fake_file_probe.hpp"
#include "compiler/test_words.hpp"
#include "support/scratch_dir.hpp"

namespace dcc::compiler {
namespace {

using test::FakeFileProbe;
using test::joined;
using test::words;

constexpr std::string_view k_triple = "x86_64-linux-gnu";
constexpr std::string_view k_path = "/usr/lib/distcc:/usr/local/bin:/usr/bin:/bin";

FakeFileProbe debian_machine() {
    FakeFileProbe fs;
    fs.symlink("/usr/lib/distcc/cc", "../../bin/distcc")
        .symlink("/usr/lib/distcc/gcc", "../../bin/distcc")
        .executable("/usr/bin/distcc")
        .symlink("/usr/bin/cc", "/etc/alternatives/cc")
        .symlink("/etc/alternatives/cc", "/usr/bin/gcc")
        .symlink("/usr/bin/c++", "/etc/alternatives/c++")
        .symlink("/etc/alternatives/c++", "/usr/bin/g++")
        .symlink("/usr/bin/gcc", "gcc-12")
        .symlink("/usr/bin/g++", "g++-12")
        .executable("/usr/bin/gcc-12")
        .executable("/usr/bin/g++-12")
        .symlink("/usr/bin/x86_64-linux-gnu-gcc", "x86_64-linux-gnu-gcc-12")
        .symlink("/usr/bin/x86_64-linux-gnu-g++", "x86_64-linux-gnu-g++-12")
        .executable("/usr/bin/x86_64-linux-gnu-gcc-12")
        .executable("/usr/bin/x86_64-linux-gnu-g++-12")
        .symlink("/usr/bin/clang", "../lib/llvm-14/bin/clang")
        .executable("/usr/lib/llvm-14/bin/clang");
    return fs;
}

RewriteResult rewrite(const FakeFileProbe& fs, std::string_view argv, std::string_view path = k_path,
                      std::string_view triple = k_triple) {
    return rewrite_compiler_name(words(argv), triple, path, fs);
}

TEST(CompilerName, ObservedOnDebian) {
    FakeFileProbe fs = debian_machine();
    struct Row {
        const char* in;
        const char* out;
    };
    // Debian 3.4's "exec on" lines for these commands (its clang triple carried
    // "-pc"; ours is the single configured triple).
    const Row rows[] = {
        {"cc -c hello.c -o hello.o", "x86_64-linux-gnu-gcc -c hello.c -o hello.o"},
        {"c++ -c hello.c -o hello.o", "x86_64-linux-gnu-g++ -c hello.c -o hello.o"},
        {"gcc -c hello.c -o hello.o", "x86_64-linux-gnu-gcc -c hello.c -o hello.o"},
        {"gcc-12 -c hello.c -o hello.o", "x86_64-linux-gnu-gcc-12 -c hello.c -o hello.o"},
        {"g++-12 -c hello.c -o hello.o", "x86_64-linux-gnu-g++-12 -c hello.c -o hello.o"},
        {"g++ -c hello.c -o hello.o", "x86_64-linux-gnu-g++ -c hello.c -o hello.o"},
        {"/usr/bin/gcc -c hello.c -o hello.o", "/usr/bin/gcc -c hello.c -o hello.o"},
        {"gcc-99 -c hello.c -o hello.o", "gcc-99 -c hello.c -o hello.o"},
        {"clangx -c hello.c -o hello.o", "clangx -c hello.c -o hello.o"},
        {"clang -c hello.c -o hello.o", "clang -c hello.c -o hello.o -target x86_64-linux-gnu"},
        {"clang-14 -c hello.c -o hello.o", "clang-14 -c hello.c -o hello.o -target x86_64-linux-gnu"},
        {"clang++ -c hello.c -o hello.o", "clang++ -c hello.c -o hello.o -target x86_64-linux-gnu"},
        {"clang++-14 -c hello.c", "clang++-14 -c hello.c -target x86_64-linux-gnu"},
        {"clang -target x86_64-linux-gnu -c hello.c", "clang -target x86_64-linux-gnu -c hello.c"},
        {"clang -c hello.c -target arm", "clang -c hello.c -target arm"},
        // Debian 3.4 saw only "-target"; both spellings count here.
        {"clang --target=x86_64-linux-gnu -c hello.c", "clang --target=x86_64-linux-gnu -c hello.c"},
        {"clang --target aarch64 -c hello.c", "clang --target aarch64 -c hello.c"},
        {"/usr/bin/clang -c hello.c", "/usr/bin/clang -c hello.c"},
        {"ccache gcc -c hello.c", "ccache gcc -c hello.c"},
        {"tcc -c hello.c", "tcc -c hello.c"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.in);
        EXPECT_EQ(joined(rewrite(fs, row.in).argv), row.out);
    }
}

TEST(CompilerName, ReportsWhatItDid) {
    FakeFileProbe fs = debian_machine();
    RewriteResult r = rewrite(fs, "cc -c a.c");
    EXPECT_TRUE(r.generic_resolved);
    EXPECT_TRUE(r.renamed);
    EXPECT_FALSE(r.target_added);
    EXPECT_EQ(r.original_name, "gcc");
    EXPECT_EQ(r.log_message(), "Re-writing call to 'gcc' to 'x86_64-linux-gnu-gcc' to support cross-compilation.");
    r = rewrite(fs, "clang -c a.c");
    EXPECT_FALSE(r.generic_resolved);
    EXPECT_FALSE(r.renamed);
    EXPECT_TRUE(r.target_added);
    EXPECT_EQ(r.log_message(), "");
    r = rewrite(fs, "tcc -c a.c");
    EXPECT_FALSE(r.generic_resolved || r.renamed || r.target_added);
}

TEST(CompilerName, GenericNameResolution) {
    FakeFileProbe fs = debian_machine();
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, fs), "gcc");
    EXPECT_EQ(resolve_generic_compiler("c++", k_path, fs), "g++");
    EXPECT_EQ(resolve_generic_compiler("gcc", k_path, fs), "gcc");
    EXPECT_EQ(resolve_generic_compiler("CC", k_path, fs), "CC");
    // Only the masquerade directory has cc: it is skipped, so nothing is found.
    EXPECT_EQ(resolve_generic_compiler("cc", "/usr/lib/distcc", fs), "cc");
    EXPECT_EQ(resolve_generic_compiler("cc", "", fs), "cc");
}

TEST(CompilerName, GenericNameToClang) {
    FakeFileProbe fs = debian_machine();
    fs.symlink("/etc/alternatives/cc", "/usr/bin/clang").symlink("/etc/alternatives/c++", "/usr/bin/clang++");
    fs.executable("/usr/bin/clang++");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, fs), "clang");
    EXPECT_EQ(resolve_generic_compiler("c++", k_path, fs), "clang++");
    EXPECT_EQ(joined(rewrite(fs, "cc -c a.c").argv), "clang -c a.c -target x86_64-linux-gnu");
    // cc may not resolve to a C++ compiler, nor c++ to a C compiler.
    fs.symlink("/etc/alternatives/cc", "/usr/bin/clang++");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, fs), "cc");
}

TEST(CompilerName, GenericNameLeftAlone) {
    // A real file, not a link.
    FakeFileProbe plain;
    plain.executable("/usr/bin/cc");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, plain), "cc");
    EXPECT_EQ(joined(rewrite(plain, "cc -c a.c").argv), "cc -c a.c");
    // Final target named gcc-12: not one of the known names.
    FakeFileProbe versioned = debian_machine();
    versioned.symlink("/etc/alternatives/cc", "/usr/bin/gcc-12");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, versioned), "cc");
    // The alternatives link is dangling: cc itself is not executable, nothing found.
    FakeFileProbe dangling = debian_machine();
    dangling.symlink("/etc/alternatives/cc", "/usr/bin/nothing");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, dangling), "cc");
    // A link to some other alternatives entry is not followed further.
    FakeFileProbe other = debian_machine();
    other.symlink("/usr/bin/cc", "/etc/alternatives/c99").symlink("/etc/alternatives/c99", "/usr/bin/gcc");
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, other), "cc");
}

TEST(CompilerName, GenericNameRelativeLinkIsResolvedAgainstItsDirectory) {
    FakeFileProbe fs;
    fs.symlink("/opt/bin/cc", "gcc").executable("/opt/bin/gcc");
    EXPECT_EQ(resolve_generic_compiler("cc", "/opt/bin", fs), "gcc");
    fs.symlink("/opt/tc/bin/cc", "../libexec/clang").executable("/opt/tc/libexec/clang");
    EXPECT_EQ(resolve_generic_compiler("cc", "/opt/tc/bin", fs), "clang");
}

TEST(CompilerName, FirstUsablePathEntryDecides) {
    FakeFileProbe fs = debian_machine();
    fs.executable("/usr/local/bin/cc");  // a real file shadows /usr/bin/cc
    EXPECT_EQ(resolve_generic_compiler("cc", k_path, fs), "cc");
    EXPECT_EQ(resolve_generic_compiler("cc", "/usr/bin:/usr/local/bin", fs), "gcc");
    // A directory merely named like distcc is skipped too.
    fs.symlink("/home/u/distcc-wrappers/cc", "/usr/bin/clang");
    EXPECT_EQ(resolve_generic_compiler("cc", "/home/u/distcc-wrappers:/usr/bin", fs), "gcc");
}

TEST(CompilerName, TriplePrefixedGccMustExistOnPath) {
    FakeFileProbe fs = debian_machine();
    // Not found: an empty PATH element ends the search.
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", "/bin::/usr/bin").argv), "gcc -c a.c");
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", ":/usr/bin").argv), "gcc -c a.c");
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", "/bin:/usr/bin:").argv), "x86_64-linux-gnu-gcc -c a.c");
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", "/bin").argv), "gcc -c a.c");
    // Another triple has no such compiler here.
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", k_path, "aarch64-linux-gnu").argv), "gcc -c a.c");
    // The bare name is used, not the directory it was found in.
    fs.executable("/opt/cross/bin/aarch64-linux-gnu-gcc");
    EXPECT_EQ(joined(rewrite(fs, "gcc -c a.c", "/opt/cross/bin", "aarch64-linux-gnu").argv),
              "aarch64-linux-gnu-gcc -c a.c");
}

TEST(CompilerName, EmptyTripleOnlyResolvesGenericNames) {
    FakeFileProbe fs = debian_machine();
    EXPECT_EQ(joined(rewrite(fs, "cc -c a.c", k_path, "").argv), "gcc -c a.c");
    EXPECT_EQ(joined(rewrite(fs, "clang -c a.c", k_path, "").argv), "clang -c a.c");
}

TEST(CompilerName, EmptyArgv) {
    FakeFileProbe fs;
    EXPECT_TRUE(rewrite_compiler_name({}, k_triple, k_path, fs).argv.empty());
}

TEST(CompilerName, NameClasses) {
    for (const char* name : {"clang", "clang++", "clang-14", "clang++-14", "clang-format"})
        EXPECT_TRUE(is_clang_name(name)) << name;
    for (const char* name : {"clangx", "xclang", "/usr/bin/clang", "Clang", "clang+", ""})
        EXPECT_FALSE(is_clang_name(name)) << name;
    for (const char* name : {"gcc", "g++", "gcc-12", "g++-12", "gcc-ar"})
        EXPECT_TRUE(is_gcc_name(name)) << name;
    for (const char* name : {"gccx", "cc", "x86_64-linux-gnu-gcc", "/usr/bin/gcc", "g+", ""})
        EXPECT_FALSE(is_gcc_name(name)) << name;
}

TEST(SystemFileProbe, AnswersFromTheRealFileSystem) {
    test_support::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    ASSERT_TRUE(files::write_file(dir.file("tool"), "#!/bin/sh\n", 0755).ok());
    ASSERT_TRUE(files::write_file(dir.file("data"), "x", 0644).ok());
    ASSERT_EQ(::symlink("tool", dir.file("link").c_str()), 0);
    ASSERT_EQ(::symlink("missing", dir.file("dangling").c_str()), 0);
    SystemFileProbe probe;
    EXPECT_TRUE(probe.is_executable(dir.file("tool")));
    EXPECT_TRUE(probe.is_executable(dir.file("link")));
    EXPECT_FALSE(probe.is_executable(dir.file("dangling")));
    EXPECT_FALSE(probe.is_executable(dir.file("nothing")));
    EXPECT_EQ(probe.read_link(dir.file("link")), "tool");
    EXPECT_EQ(probe.read_link(dir.file("dangling")), "missing");
    EXPECT_EQ(probe.read_link(dir.file("tool")), std::nullopt);
    EXPECT_TRUE(probe.is_regular_file(dir.file("data")));
    EXPECT_TRUE(probe.is_regular_file(dir.file("link")));
    EXPECT_FALSE(probe.is_regular_file(dir.path()));
    EXPECT_FALSE(probe.is_regular_file(dir.file("dangling")));
    if (::geteuid() != 0) {
        EXPECT_FALSE(probe.is_executable(dir.file("data")));
    }
}

}  // namespace
}  // namespace dcc::compiler
