// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/pump_tree.cpp: which client names are refused, where LINK
// targets point, and that a real tree is built under its root only -- never through
// a link -- and removed with it (doc/protocol.md §9, doc/security.md §5).
#include "daemon/pump_tree.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "common/cleanup.hpp"
#include "common/files.hpp"
#include "proto/lzo_codec.hpp"

using namespace dcc;
using namespace dcc::daemon;
using namespace std::string_literals;

namespace {

std::vector<std::string> split(std::string_view path, std::size_t depth = 48, bool allow_root = false) {
    auto parts = split_client_path(path, depth, allow_root);
    EXPECT_TRUE(parts.ok()) << path;
    if (!parts) return {};
    return {parts->begin(), parts->end()};
}

bool refused(std::string_view path, std::size_t depth = 48, bool allow_root = false) {
    auto parts = split_client_path(path, depth, allow_root);
    if (parts) return false;
    EXPECT_EQ(parts.error().code, ExitCode::protocol_error);
    return true;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

TEST(SplitClientPath, AcceptsAbsoluteNames) {
    EXPECT_EQ(split("/usr/include/stdio.h"), (std::vector<std::string>{"usr", "include", "stdio.h"}));
    EXPECT_EQ(split("//tmp///p/a.c"), (std::vector<std::string>{"tmp", "p", "a.c"}));
    EXPECT_EQ(split("/a/..b/c.."), (std::vector<std::string>{"a", "..b", "c.."}));
    EXPECT_EQ(split("/", 48, true), std::vector<std::string>{});
}

TEST(SplitClientPath, RefusesHostileNames) {
    EXPECT_TRUE(refused(""));
    EXPECT_TRUE(refused("relative/a.h"));
    EXPECT_TRUE(refused("a.h"));
    EXPECT_TRUE(refused("/a/../../etc/passwd"));
    EXPECT_TRUE(refused("/.."));
    EXPECT_TRUE(refused("/a/./b"));
    EXPECT_TRUE(refused("/a/b/."));
    EXPECT_TRUE(refused("/a/b\0c"s));
    EXPECT_TRUE(refused("/a/b/"));
    EXPECT_TRUE(refused("/"));
}

TEST(SplitClientPath, CapsTheDepth) {
    EXPECT_EQ(split("/a/b/c", 3).size(), 3u);
    EXPECT_TRUE(refused("/a/b/c/d", 3));
}

TEST(MapLinkTarget, AbsoluteMovesUnderTheRootRelativeStays) {
    EXPECT_EQ(map_link_target("/w/pump_x", "/real/inc"), "/w/pump_x/real/inc");
    EXPECT_EQ(map_link_target("/w/pump_x", "../../../usr/include"), "../../../usr/include");
}

class PumpTreeTest : public ::testing::Test {
protected:
    void SetUp() override {
        char base[] = "/tmp/dcc-pump-tree-test-XXXXXX";
        ASSERT_NE(::mkdtemp(base), nullptr);
        m_dir = base;
        m_outside = m_dir + "/outside";
        ASSERT_EQ(::mkdir(m_outside.c_str(), 0700), 0);
    }
    void TearDown() override { cleanup::remove_tree(m_dir.c_str()); }

    PumpTree make(proto::Limits limits = {}) {
        auto tree = PumpTree::create(m_dir, limits);
        EXPECT_TRUE(tree.ok());
        return std::move(*tree);
    }

    std::string m_dir;
    std::string m_outside;
};

TEST_F(PumpTreeTest, BuildsFilesLinksAndDirectoriesUnderTheRoot) {
    std::string root;
    {
        PumpTree tree = make();
        root = tree.root();
        ASSERT_TRUE(tree.make_directory("/tmp/p").ok());
        ASSERT_TRUE(tree.add_file("/tmp/p/src/main.c", proto::lzo_compress("int main(){}\n")).ok());
        ASSERT_TRUE(tree.add_file("/tmp/p/src/forcing_technique_271828", "").ok());
        ASSERT_TRUE(tree.add_link("/usr/include", "../../../usr/include").ok());
        ASSERT_TRUE(tree.add_link("/tmp/p/inc", "/real/inc").ok());
        EXPECT_EQ(*files::read_file(root + "/tmp/p/src/main.c", 100), "int main(){}\n");
        EXPECT_EQ(*files::read_file(root + "/tmp/p/src/forcing_technique_271828", 100), "");
        char target[256] = {};
        ASSERT_GT(::readlink((root + "/tmp/p/inc").c_str(), target, sizeof target - 1), 0);
        EXPECT_EQ(std::string(target), root + "/real/inc");
        EXPECT_EQ(tree.total_bytes(), 13u);
        // A second FILE of the same name replaces the first; a second LINK fails.
        ASSERT_TRUE(tree.add_file("/tmp/p/src/main.c", proto::lzo_compress("x")).ok());
        EXPECT_EQ(*files::read_file(root + "/tmp/p/src/main.c", 100), "x");
        EXPECT_FALSE(tree.add_link("/usr/include", "/elsewhere").ok());
    }
    EXPECT_FALSE(exists(root));
}

TEST_F(PumpTreeTest, NeverWritesThroughALink) {
    PumpTree tree = make();
    ASSERT_TRUE(tree.add_link("/evil", m_outside).ok());  // absolute: re-rooted, points inside
    ASSERT_TRUE(tree.add_link("/evil2", "../../../../../../../../" + m_outside.substr(1)).ok());
    auto through = tree.add_file("/evil2/planted.h", proto::lzo_compress("x"));
    EXPECT_FALSE(through.ok());
    EXPECT_FALSE(tree.add_file("/evil2/sub/planted.h", proto::lzo_compress("x")).ok());
    EXPECT_FALSE(tree.add_link("/evil2/planted", "/x").ok());
    EXPECT_FALSE(tree.make_directory("/evil2/sub").ok());
    // A FILE whose last component is a link replaces the link, not its target.
    ASSERT_TRUE(tree.add_link("/victim", "../../../../../../../../" + m_outside.substr(1) + "/victim").ok());
    ASSERT_TRUE(files::write_file(m_outside + "/victim", "safe").ok());
    ASSERT_TRUE(tree.add_file("/victim", proto::lzo_compress("overwritten")).ok());
    EXPECT_EQ(*files::read_file(m_outside + "/victim", 100), "safe");
    EXPECT_FALSE(exists(m_outside + "/planted.h"));
    EXPECT_FALSE(exists(m_outside + "/sub"));
    EXPECT_FALSE(exists(m_outside + "/planted"));
}

TEST_F(PumpTreeTest, EnforcesTheSizeLimitAndRefusesBadBodies) {
    proto::Limits limits;
    limits.max_files_total = 10;
    PumpTree tree = make(limits);
    ASSERT_TRUE(tree.add_file("/a", proto::lzo_compress("12345")).ok());
    EXPECT_FALSE(tree.add_file("/b", proto::lzo_compress("123456")).ok());
    EXPECT_FALSE(tree.add_file("/c", "not lzo at all").ok());
    EXPECT_FALSE(tree.add_file("/d/../e", proto::lzo_compress("1")).ok());
    EXPECT_FALSE(tree.add_link("/f", ""s).ok());
}

TEST_F(PumpTreeTest, AKeptTreeStays) {
    std::string root;
    {
        auto tree = PumpTree::create(m_dir, {}, true);
        ASSERT_TRUE(tree.ok());
        root = tree->root();
        ASSERT_TRUE(tree->add_file("/a.c", "").ok());
    }
    EXPECT_TRUE(exists(root + "/a.c"));
}
