// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for --verify's pieces (include_server/verify.cpp): the preprocessor command,
// make dependency syntax, the mismatch message, and one real run of gcc -M.
#include "include_server/verify.hpp"

#include <gtest/gtest.h>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;
using Strings = std::vector<std::string>;

TEST(Verify, CommandReplacesTheOutput) {
    EXPECT_EQ(verification_command({"gcc", "-c", "x.c", "-o", "x.o", "-oy.o", "-I", "i"}, "/t/o", "/t/d"),
              (Strings{"gcc", "-c", "x.c", "-I", "i", "-o", "/t/o", "-E", "-M", "-MF", "/t/d"}));
}

TEST(Verify, MakeDependencySyntax) {
    EXPECT_EQ(parse_make_deps("x.o: x.c inc/a.h \\\n /usr/include/stdio.h\n"),
              (Strings{"x.c", "inc/a.h", "/usr/include/stdio.h"}));
    EXPECT_EQ(parse_make_deps("x.o: my\\ file.h odd$$name.h \\#hash.h\n"), (Strings{"my file.h", "odd$name.h", "#hash.h"}));
    EXPECT_EQ(parse_make_deps("x.o: a.h\n\na.h:\n"), (Strings{"a.h"}));
    EXPECT_EQ(parse_make_deps("C:/win/x.o: a.h\n"), (Strings{"a.h"}));
}

TEST(Verify, MissingMessage) {
    EXPECT_EQ(missing_dependencies_message({"/a.h"}),
              "Calculated include closure does not contain: '/a.h'.\nThere is 1 such missing dependency.");
    EXPECT_EQ(missing_dependencies_message({"/a.h", "/b.h"}),
              "Calculated include closure does not contain: '/a.h'.\nThere are 2 such missing dependencies.");
}

TEST(Verify, RunsThePreprocessor) {
    TestTree tree;
    tree.write("p/x.c", "#include \"my file.h\"\n");
    tree.write("p/my file.h", "");
    auto deps = exact_dependencies({"gcc", "-c", "x.c", "-o", "x.o"}, tree.path("p"), tree.root());
    ASSERT_TRUE(deps.ok()) << deps.error().message;
    EXPECT_EQ(*deps, (Strings{"x.c", "/usr/include/stdc-predef.h", "my file.h"}));
    auto failed = exact_dependencies({"gcc", "-c", "missing.c"}, tree.path("p"), tree.root());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().message.rfind("Could not execute 'gcc -c missing.c -o ", 0), 0u);
}

TEST(Verify, WritesOnePathPerLine) {
    TestTree tree;
    ASSERT_TRUE(write_dependency_list(tree.path("x.d_approx"), {"/a.h", "/b.h"}).ok());
    EXPECT_EQ(tree_support::read_file(tree.path("x.d_approx")), "/a.h\n/b.h\n");
    EXPECT_FALSE(write_dependency_list("/nonexistent/dir/x.d_approx", {}).ok());
}
