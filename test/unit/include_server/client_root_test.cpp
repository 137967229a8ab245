// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for client roots (include_server/client_root.cpp): the base directory, the
// three-component invariant, stale-root cleanup and our own cleanup.
#include "include_server/client_root.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;

TEST(ClientRoot, BaseDirectoryChoice) {
    EXPECT_EQ(*choose_client_tmp(std::nullopt, true), "/dev/shm");
    EXPECT_EQ(*choose_client_tmp(std::nullopt, false), "/tmp");
    EXPECT_EQ(*choose_client_tmp(std::string("/var/tmp///"), true), "/var/tmp");
    auto relative = choose_client_tmp(std::string("tmp"), true);
    ASSERT_FALSE(relative.ok());
    EXPECT_EQ(relative.error().message, "DISTCC_CLIENT_TMP must start with '/'.");
    auto deep = choose_client_tmp(std::string("/a/b/c"), true);
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(deep.error().message, "DISTCC_CLIENT_TMP must have at most two directory levels.");
}

TEST(ClientRoot, PaddingKeepsThreeComponents) {
    EXPECT_EQ(padding_levels("/dev/shm"), 0);
    EXPECT_EQ(padding_levels("/tmp"), 1);
}

TEST(ClientRoot, PidOfRoot) {
    EXPECT_EQ(pid_of_root("/dev/shm/tmpab_c1234.include_server-4824-1"), 4824);
    EXPECT_EQ(pid_of_root("/dev/shm/tmpx.include_server-77-13"), 77);
    EXPECT_FALSE(pid_of_root("/dev/shm/tmpx.include_server-abc-1"));
    EXPECT_FALSE(pid_of_root("nohyphen"));
}

TEST(ClientRoot, MakeRootNamesItAfterTheProcessAndGeneration) {
    TestTree tree;
    std::string base = tree.mkdir("b");
    ClientRoots roots(base);
    auto root = roots.make_root(7);
    ASSERT_TRUE(root.ok());
    std::string top = root->substr(0, root->find('/', base.size() + 1));
    std::string name = top.substr(base.size() + 1);
    EXPECT_TRUE(name.starts_with("tmp")) << name;
    EXPECT_TRUE(name.ends_with(".include_server-" + std::to_string(getpid()) + "-7")) << name;
    EXPECT_EQ(name.size(), 3 + 8 + std::string(".include_server-").size() + std::to_string(getpid()).size() + 2);
    std::size_t padding = 0;
    for (std::size_t pos = 0; (pos = root->find("/padding", pos)) != std::string::npos; ++pos) ++padding;
    EXPECT_EQ(int(padding), std::max(0, padding_levels(base)));
    struct stat st;
    ASSERT_EQ(::stat(top.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    roots.remove_own_roots();
    EXPECT_NE(::stat(top.c_str(), &st), 0);
}

TEST(ClientRoot, StaleRootsOfDeadProcessesAreRemoved) {
    TestTree tree;
    std::string base = tree.mkdir("base");
    pid_t child = fork();
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    std::string dead = base + "/tmpdead.include_server-" + std::to_string(child) + "-1";
    std::string dead2 = base + "/tmpdea2.include_server-" + std::to_string(child) + "-2";
    std::string alive = base + "/tmpalive.include_server-" + std::to_string(getppid()) + "-1";
    tree.write(dead.substr(tree.root().size() + 1) + "/x/file.lzo", "");
    tree.mkdir(dead2.substr(tree.root().size() + 1));
    tree.mkdir(alive.substr(tree.root().size() + 1));
    ClientRoots roots(base);
    roots.remove_stale_roots();
    struct stat st;
    EXPECT_NE(::stat(dead.c_str(), &st), 0);
    EXPECT_NE(::stat(dead2.c_str(), &st), 0);
    EXPECT_EQ(::stat(alive.c_str(), &st), 0);
}
