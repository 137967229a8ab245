// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/path.cpp.
#include "common/path.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(Path, BasenameAndDirname) {
    EXPECT_EQ(path::basename("/usr/bin/gcc"), "gcc");
    EXPECT_EQ(path::basename("gcc"), "gcc");
    EXPECT_EQ(path::dirname("/usr/bin/gcc"), "/usr/bin");
    EXPECT_EQ(path::dirname("/gcc"), "/");
    EXPECT_EQ(path::dirname("gcc"), ".");
}

TEST(Path, Normalize) {
    EXPECT_EQ(path::normalize("/a//b/./c/../d"), "/a/b/d");
    EXPECT_EQ(path::normalize("/../x"), "/x");
    EXPECT_EQ(path::normalize("a/../../b"), "../b");
    EXPECT_EQ(path::make_absolute("./bin/../lib", "/opt"), "/opt/lib");
    EXPECT_EQ(path::make_absolute("/abs", "/opt"), "/abs");
}

TEST(Path, SplitSearchPathKeepsEmptyElements) {
    EXPECT_EQ(path::split_search_path("/a::/b"), (std::vector<std::string>{"/a", "", "/b"}));
}

TEST(Path, FindExecutable) {
    test_support::ScratchDir dir;
    std::string exe = dir.file("tool");
    std::ofstream(exe) << "#!/bin/sh\n";
    std::string plain = dir.file("data");
    std::ofstream(plain) << "x";
    chmod(exe.c_str(), 0755);
    EXPECT_EQ(path::find_executable("tool", "/nonexistent:" + dir.path()), exe);
    EXPECT_FALSE(path::find_executable("data", dir.path()));
    EXPECT_FALSE(path::find_executable("missing", dir.path()));
}

// gcc's getpwd() rule (doc/client.md §20): $PWD when it is the current directory.
TEST(Path, LogicalCurrentDirectoryFollowsPwdWhenItIsHere) {
    test_support::ScratchDir dir;
    std::string real = dir.path() + "/real";
    std::string link = dir.path() + "/link";
    ASSERT_EQ(::mkdir(real.c_str(), 0700), 0);
    ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
    std::string before = path::current_directory();
    ASSERT_EQ(::chdir(link.c_str()), 0);
    std::string physical = path::current_directory();
    EXPECT_EQ(path::logical_current_directory(link), link);
    EXPECT_EQ(path::logical_current_directory(link + "/"), link + "/");  // as gcc: the value as it is
    EXPECT_EQ(path::logical_current_directory(std::nullopt), physical);
    EXPECT_EQ(path::logical_current_directory(dir.path()), physical);      // another directory
    EXPECT_EQ(path::logical_current_directory("link"), physical);          // relative
    EXPECT_EQ(path::logical_current_directory(link + "/gone"), physical);  // does not exist
    ASSERT_EQ(::chdir(before.c_str()), 0);
}
