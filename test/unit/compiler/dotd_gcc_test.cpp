// SPDX-License-Identifier: GPL-2.0-or-later
// Checks the plain-mode .d fix (doc/client.md §11.1, compiler/client_argv.hpp) against the
// real compilers: in one scratch tree the compiler runs the user's command; in a
// second, identical tree the local preprocessor command of preprocessor_argv runs.
// Both must leave the same dependency files with the same bytes.  Skipped when the
// compiler is not installed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/path.hpp"
#include "compiler/client_argv.hpp"
#include "compiler/test_words.hpp"
#include "support/scratch_dir.hpp"

namespace dcc::compiler {
namespace {

using test::joined;
using test::words;

std::string search_path() {
    const char* value = getenv("PATH");  // test only: the library itself reads nothing
    return value ? value : "/usr/bin:/bin";
}

// A tree with src/x.c including inc/h.h, and empty obj/ and deps/ directories.
void make_tree(const std::string& root) {
    for (const char* dir : {"src", "inc", "obj", "deps"}) ASSERT_EQ(::mkdir((root + "/" + dir).c_str(), 0755), 0);
    ASSERT_TRUE(files::write_file(root + "/inc/h.h", "#define H 1\n").ok());
    ASSERT_TRUE(files::write_file(root + "/src/x.c", "#include \"h.h\"\nint x = H;\n").ok());
}

int run(const std::vector<std::string>& argv, const std::string& cwd, int stdout_fd) {
    exec::SpawnOptions options;
    options.cwd = cwd;
    options.stdout_fd = stdout_fd;
    auto pid = exec::spawn(argv, options);
    if (!pid.ok()) return -1;
    auto status = exec::wait_for(*pid);
    return status.ok() ? exec::exit_code_of(*status) : -1;
}

std::string read_or_missing(const std::string& file) {
    auto text = files::read_file(file, 1 << 20);
    return text.ok() ? *text : "<missing>";
}

// Runs `command` directly and through the preprocessor command, then compares the
// dependency files named in `expected_files` (relative to the tree).
void expect_same_dependency_files(std::string_view command, const std::vector<std::string>& expected_files) {
    SCOPED_TRACE(std::string(command));
    std::vector<std::string> argv = words(command);
    if (!path::find_executable(argv[0], search_path())) GTEST_SKIP() << argv[0] << " is not installed";
    test_support::ScratchDir direct, distributed;
    make_tree(direct.path());
    make_tree(distributed.path());
    ASSERT_EQ(run(argv, direct.path(), -1), 0);

    auto scan = scan_args(argv);
    ASSERT_TRUE(scan.ok() && scan->distribute());
    std::vector<std::string> cpp = preprocessor_argv(*scan);
    SCOPED_TRACE(joined(cpp));
    UniqueFd dev_null(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    ASSERT_EQ(run(cpp, distributed.path(), dev_null.get()), 0);

    for (const std::string& file : expected_files) {
        SCOPED_TRACE(file);
        std::string want = read_or_missing(direct.file(file));
        EXPECT_NE(want, "<missing>") << "the compiler wrote no " << file;
        EXPECT_EQ(read_or_missing(distributed.file(file)), want);
    }
}

TEST(DotdAgainstGcc, SameFileSameTarget) {
    expect_same_dependency_files("gcc -Iinc -MD -c src/x.c -o obj/m.o", {"obj/m.d"});
    expect_same_dependency_files("gcc -Iinc -MMD -MP -c src/x.c -oobj/m.o", {"obj/m.d"});
    expect_same_dependency_files("gcc -Iinc -MD -MF deps/x.dep -c src/x.c -o obj/m.o", {"deps/x.dep"});
    expect_same_dependency_files("gcc -Iinc -MD -MT custom -c src/x.c -o obj/m.o", {"obj/m.d"});
    expect_same_dependency_files("gcc -Iinc -Wp,-MD,deps/w.d -c src/x.c -o obj/m.o", {"deps/w.d"});
    expect_same_dependency_files("gcc -Iinc -Wp,-MMD,deps/w.d -c src/x.c -o obj/m.o", {"deps/w.d"});
    expect_same_dependency_files("gcc -Iinc -MD -c src/x.c", {"x.d"});
    expect_same_dependency_files("gcc -Iinc -MD -S src/x.c -o obj/y.s", {"obj/y.d"});
    expect_same_dependency_files("gcc -Iinc -MD -c src/x.c -o obj/a$b.o", {"obj/a$b.d"});
    expect_same_dependency_files("gcc -Iinc -MD -c src/x.c -o obj/noext", {"obj/noext.d"});
}

TEST(DotdAgainstClang, SameFileSameTarget) {
    expect_same_dependency_files("clang -Iinc -MD -c src/x.c -o obj/m.o", {"obj/m.d"});
    expect_same_dependency_files("clang -Iinc -MMD -MF deps/x.dep -c src/x.c -o obj/m.o", {"deps/x.dep"});
    expect_same_dependency_files("clang -Iinc -Wp,-MD,deps/w.d -c src/x.c -o obj/m.o", {"deps/w.d"});
    expect_same_dependency_files("clang -Iinc -MD -c src/x.c", {"x.d"});
    expect_same_dependency_files("clang -Iinc -MD -c src/x.c -o obj/a$b.o", {"obj/a$b.d"});
}

}  // namespace
}  // namespace dcc::compiler
