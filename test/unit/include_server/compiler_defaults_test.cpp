// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for system-directory discovery (include_server/compiler_defaults.cpp): the
// `gcc -v` parser, the probe command, caching, failures, and one real probe of the
// system compiler.
#include "include_server/compiler_defaults.hpp"

#include <gtest/gtest.h>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;
using Strings = std::vector<std::string>;

namespace {

const char* k_gcc_output =
    "Using built-in specs.\n"
    "ignoring nonexistent directory \"/usr/local/include/x86_64-linux-gnu\"\n"
    "#include \"...\" search starts here:\n"
    "#include <...> search starts here:\n"
    " /usr/lib/gcc/x86_64-linux-gnu/12/include\n"
    " /usr/local/include\n"
    " /Library/Frameworks (framework directory)\n"
    " /usr/include\n"
    "End of search list.\n";

class FakeRunner : public CompilerRunner {
public:
    Result<ProbeOutput> run(const Strings& argv, const std::string& cwd, const Strings& environment) override {
        ++runs;
        last_argv = argv;
        last_cwd = cwd;
        last_environment = environment;
        if (fail_to_start) return make_error(ExitCode::compiler_missing, "No such file or directory");
        return ProbeOutput{status, output};
    }
    int runs = 0;
    int status = 0;
    bool fail_to_start = false;
    std::string output;
    Strings last_argv, last_environment;
    std::string last_cwd;
};

}  // namespace

TEST(CompilerDefaults, ParsesTheSearchList) {
    auto dirs = parse_search_dirs(k_gcc_output);
    ASSERT_TRUE(dirs);
    EXPECT_EQ(*dirs, (Strings{"/usr/lib/gcc/x86_64-linux-gnu/12/include", "/usr/local/include", "/usr/include"}));
    EXPECT_FALSE(parse_search_dirs("no markers\n"));
    EXPECT_FALSE(parse_search_dirs("#include <...> search starts here:\nEnd of search list.\n"));
}

TEST(CompilerDefaults, ProbeCommand) {
    EXPECT_EQ(probe_command("gcc", "", "c++"), (Strings{"gcc", "-x", "c++", "-v", "-c", "/dev/null", "-o", "/dev/null"}));
    EXPECT_EQ(probe_command("cc", "/sr", "c")[1], "--sysroot=/sr");
}

TEST(CompilerDefaults, ProbesOncePerCompilerSysrootAndLanguage) {
    TestTree tree;
    tree.mkdir("sys/a");
    tree.mkdir("real");
    tree.symlink(tree.path("real"), "sys/b");
    FakeRunner runner;
    runner.output = "#include <...> search starts here:\n " + tree.path("sys/a") + "\n " + tree.path("sys/b") +
                    "\nEnd of search list.\n";
    PosixFileSystem fs;
    Caches caches(fs);
    SystemDirs system_dirs;
    SystemLinks links(fs, tree.mkdir("root"));
    CompilerDefaults defaults(caches, system_dirs, links, runner, "/usr/bin:/bin");
    auto dirs = defaults.dirs_for("cc", "", "c", tree.root());
    ASSERT_TRUE(dirs.ok());
    EXPECT_EQ(**dirs, (Strings{tree.path("sys/a"), tree.path("real")}));  // realpaths
    EXPECT_EQ(runner.last_environment, (Strings{"PATH=/usr/bin:/bin"}));
    EXPECT_EQ(runner.last_cwd, tree.root());
    ASSERT_TRUE(defaults.dirs_for("cc", "", "c", tree.root()).ok());
    EXPECT_EQ(runner.runs, 1);
    ASSERT_TRUE(defaults.dirs_for("cc", "", "c++", tree.root()).ok());
    EXPECT_EQ(runner.runs, 2);
    EXPECT_EQ(system_dirs.all().size(), 2u);
    EXPECT_EQ(links.links().size(), 2u);
}

TEST(CompilerDefaults, FailuresAreNotCovered) {
    PosixFileSystem fs;
    Caches caches(fs);
    SystemDirs system_dirs;
    TestTree tree;
    SystemLinks links(fs, tree.mkdir("root"));
    FakeRunner runner;
    CompilerDefaults defaults(caches, system_dirs, links, runner, "");
    runner.fail_to_start = true;
    auto missing = defaults.dirs_for("nocc", "", "c", "/");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "Couldn't determine default system include directories\nfor compiler 'nocc', language 'c':\n"
              "error executing '['nocc', '-x', 'c', '-v', '-c', '/dev/null', '-o', '/dev/null']': "
              "No such file or directory.");
    EXPECT_TRUE(runner.last_environment.empty());
    runner.fail_to_start = false;
    runner.status = 1 << 8;
    runner.output = "boom";
    auto failed = defaults.dirs_for("badcc", "", "c", "/");
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("exited with status '1'.\n Command output:\nboom"), std::string::npos);
    runner.status = 0;
    auto garbled = defaults.dirs_for("oddcc", "", "c", "/");
    ASSERT_FALSE(garbled.ok());
    EXPECT_NE(garbled.error().message.find("couldn't parse output of"), std::string::npos);
}

TEST(CompilerDefaults, RealCompiler) {
    PosixFileSystem fs;
    Caches caches(fs);
    SystemDirs system_dirs;
    TestTree tree;
    SystemLinks links(fs, tree.mkdir("root"));
    ProcessCompilerRunner runner;
    CompilerDefaults defaults(caches, system_dirs, links, runner, "/usr/bin:/bin");
    auto dirs = defaults.dirs_for("gcc", "", "c", "/");
    ASSERT_TRUE(dirs.ok()) << dirs.error().message;
    EXPECT_NE(std::find((*dirs)->begin(), (*dirs)->end(), "/usr/include"), (*dirs)->end());
}
