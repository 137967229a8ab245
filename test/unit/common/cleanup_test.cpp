// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the cleanup registry and temp-file creation (cleanup.cpp, tempfile.cpp).
#include "common/cleanup.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "common/files.hpp"
#include "common/tempfile.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(TempFile, NameFollowsUpstreamPatternAndIsRemovedByCleanup) {
    test_support::ScratchDir dir;
    auto t = make_temp_file(dir.path(), "distcc", ".i");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_TRUE(std::regex_match(t->path, std::regex(".*/distcc_[0-9a-f]{8}\\.i")));
    struct stat st{};
    ASSERT_EQ(stat(t->path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    cleanup::run();
    EXPECT_FALSE(files::exists(t->path));
}

TEST(TempFile, CollisionsGetAnotherName) {
    test_support::ScratchDir dir;
    auto a = make_temp_file(dir.path(), "x", "");
    auto b = make_temp_file(dir.path(), "x", "");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a->path, b->path);
    cleanup::run();
}

TEST(Cleanup, RemoveTreeDoesNotFollowSymlinks) {
    test_support::ScratchDir outside;
    std::string precious = outside.file("precious");
    std::ofstream(precious) << "keep me";
    test_support::ScratchDir dir;
    ASSERT_EQ(mkdir(dir.file("a").c_str(), 0700), 0);
    ASSERT_EQ(mkdir(dir.file("a/b").c_str(), 0700), 0);
    std::ofstream(dir.file("a/b/f")) << "x";
    ASSERT_EQ(symlink(outside.path().c_str(), dir.file("a/link").c_str()), 0);
    cleanup::remove_tree(dir.file("a").c_str());
    EXPECT_FALSE(files::exists(dir.file("a")));
    EXPECT_TRUE(files::exists(precious));
}

TEST(Cleanup, KeepLeavesFiles) {
    test_support::ScratchDir dir;
    cleanup::set_keep(true);
    auto t = make_temp_file(dir.path(), "keep", ".txt");
    ASSERT_TRUE(t.ok());
    cleanup::run();
    EXPECT_TRUE(files::exists(t->path));
    cleanup::set_keep(false);
}

TEST(Cleanup, ForgetKeepsThePath) {
    test_support::ScratchDir dir;
    auto t = make_temp_file(dir.path(), "forgot", "");
    ASSERT_TRUE(t.ok());
    cleanup::forget(t->path);
    cleanup::run();
    EXPECT_TRUE(files::exists(t->path));
}

TEST(TempDir, CreatedAndRemovedAsATree) {
    test_support::ScratchDir dir;
    auto d = make_temp_dir(dir.path(), "distccd");
    ASSERT_TRUE(d.ok());
    std::ofstream(*d + "/inner") << "x";
    cleanup::run();
    EXPECT_FALSE(files::exists(*d));
}

TEST(TreeSlot, RemovesTheTreeOnceAndOnlyWhileSet) {
    test_support::ScratchDir dir;
    static cleanup::TreeSlot slot;  // as the daemon keeps its slots
    std::string tree = dir.file("tree");
    ASSERT_EQ(mkdir(tree.c_str(), 0700), 0);
    std::ofstream(tree + "/inner") << "x";
    slot.remove();  // nothing set: nothing happens
    EXPECT_TRUE(files::exists(tree));
    slot.set(tree);
    slot.clear();
    slot.remove();
    EXPECT_TRUE(files::exists(tree + "/inner"));
    slot.set(tree);
    slot.remove();
    EXPECT_FALSE(files::exists(tree));
    ASSERT_EQ(mkdir(tree.c_str(), 0700), 0);
    slot.remove();  // forgotten after removing
    EXPECT_TRUE(files::exists(tree));
    slot.set(std::string(5000, 'x'));  // too long to keep: not remembered
    slot.remove();
    EXPECT_TRUE(files::exists(tree));
}
