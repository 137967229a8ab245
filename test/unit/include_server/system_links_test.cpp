// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the system-link farm (include_server/system_links.cpp).
#include "include_server/system_links.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_tree.hpp"

using namespace dcc::include_server;
using tree_support::TestTree;

namespace {

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

std::string link_target(const std::string& link) {
    char buffer[4096];
    ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
    return n < 0 ? "" : std::string(buffer, std::size_t(n));
}

}  // namespace

TEST(SystemLinks, TargetClimbsOutOfAnyServerRoot) {
    EXPECT_EQ(system_link_target("/usr/include"), repeat("../", 22) + "usr/include");
    EXPECT_EQ(system_link_target("/usr/lib/gcc/x86_64-linux-gnu/12/include"),
              repeat("../", 26) + "usr/lib/gcc/x86_64-linux-gnu/12/include");
}

TEST(SystemLinks, CreatesParentsAndTheLink) {
    TestTree tree;
    PosixFileSystem fs;
    std::string root = tree.mkdir("root");
    SystemLinks links(fs, root);
    ASSERT_TRUE(links.add("/usr/local/include").ok());
    EXPECT_EQ(links.links(), (std::vector<std::string>{root + "/usr/local/include"}));
    EXPECT_EQ(link_target(root + "/usr/local/include"), system_link_target("/usr/local/include"));
    ASSERT_TRUE(links.add("/usr/local/include").ok());  // already there
    EXPECT_EQ(links.links().size(), 1u);
}

TEST(SystemLinks, AnOuterDirectoryReplacesDeeperLinks) {
    TestTree tree;
    PosixFileSystem fs;
    std::string root = tree.mkdir("root");
    SystemLinks links(fs, root);
    ASSERT_TRUE(links.add("/usr/include/c++/12").ok());
    ASSERT_TRUE(links.add("/usr/include/x86_64-linux-gnu/c++/12").ok());
    ASSERT_TRUE(links.add("/usr/include").ok());
    EXPECT_EQ(links.links(), (std::vector<std::string>{root + "/usr/include"}));
    EXPECT_EQ(link_target(root + "/usr/include"), system_link_target("/usr/include"));
    // A deeper one after the outer link needs nothing.
    ASSERT_TRUE(links.add("/usr/include/foo").ok());
    EXPECT_EQ(links.links().size(), 1u);
    EXPECT_TRUE(links.inside_link(root + "/usr/include/foo/forcing_technique_271828"));
    EXPECT_FALSE(links.inside_link(root + "/usr/include2/x"));
}
