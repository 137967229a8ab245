// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the mirroring walk (include_server/path_mirror.cpp).
#include "include_server/path_mirror.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;
using Strings = std::vector<std::string>;

namespace {

class MirrorTest : public ::testing::Test {
protected:
    MirrorTest() : root(tree.mkdir("root")), caches(fs), mirror(caches, system_dirs, root) {}
    Id cwd() { return caches.directory(tree.path("proj")); }
    std::string link_target(const std::string& link) {
        char buffer[4096];
        ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
        return n < 0 ? "" : std::string(buffer, std::size_t(n));
    }

    TestTree tree;
    std::string root;
    PosixFileSystem fs;
    Caches caches;
    SystemDirs system_dirs;
    PathMirror mirror;
};

}  // namespace

TEST_F(MirrorTest, CreatesTheRealParentDirectories) {
    tree.write("proj/src/a.c", "");
    ASSERT_TRUE(mirror.mirror(tree.path("proj/src/a.c"), cwd()).ok());
    EXPECT_TRUE(fs.is_directory(root + tree.path("proj/src")));
    EXPECT_EQ(mirror.must_exist_dirs(), (Strings{root + tree.path("proj/src")}));
    EXPECT_TRUE(mirror.links().empty());
}

TEST_F(MirrorTest, OnlyTheFirstCreatedDirectoryOfAWalkIsRecorded) {
    tree.write("proj/src/a.c", "");
    tree.write("proj/inc/b.h", "");
    ASSERT_TRUE(mirror.mirror(tree.path("proj/src/a.c"), cwd()).ok());
    ASSERT_TRUE(mirror.mirror(tree.path("proj/inc/b.h"), cwd()).ok());
    EXPECT_EQ(mirror.must_exist_dirs(), (Strings{root + tree.path("proj/src"), root + tree.path("proj/inc")}));
}

TEST_F(MirrorTest, SymlinkedComponentsBecomeLinksToTheirRealpath) {
    tree.write("proj/inc/b.h", "");
    tree.symlink("inc", "proj/linkinc");
    tree.symlink("b.h", "proj/inc/alias.h");
    ASSERT_TRUE(mirror.mirror(tree.path("proj/linkinc/alias.h"), cwd()).ok());
    Strings expected{root + tree.path("proj/inc/alias.h"), root + tree.path("proj/linkinc")};
    EXPECT_EQ(mirror.links(), expected);
    EXPECT_EQ(link_target(root + tree.path("proj/linkinc")), tree.path("proj/inc"));
    EXPECT_EQ(link_target(root + tree.path("proj/inc/alias.h")), tree.path("proj/inc/b.h"));
}

TEST_F(MirrorTest, DotDotExcursionsKeepTheirDirectories) {
    tree.write("proj/inc/x.h", "");
    tree.mkdir("proj/empty");
    ASSERT_TRUE(mirror.mirror(tree.path("proj/empty/../inc/x.h"), cwd()).ok());
    EXPECT_TRUE(fs.is_directory(root + tree.path("proj/empty")));
}

TEST_F(MirrorTest, NothingUnderSystemDirectories) {
    tree.write("sys/sub/x.h", "");
    system_dirs.add(tree.path("sys"));
    ASSERT_TRUE(mirror.mirror(tree.path("sys/sub/x.h"), cwd()).ok());
    EXPECT_FALSE(fs.exists(root + tree.path("sys")));
    EXPECT_TRUE(mirror.must_exist_dirs().empty());
}

TEST_F(MirrorTest, RepeatedPathsAreSkipped) {
    tree.write("proj/a.h", "");
    tree.symlink("a.h", "proj/l.h");
    ASSERT_TRUE(mirror.mirror(tree.path("proj/l.h"), cwd()).ok());
    ASSERT_TRUE(mirror.mirror(tree.path("proj/l.h"), cwd()).ok());
    EXPECT_EQ(mirror.links().size(), 1u);
}

TEST_F(MirrorTest, UnwritableRootIsFatal) {
    PathMirror bad(caches, system_dirs, "/proc/no-such-root");
    tree.write("proj/a.h", "");
    Status made = bad.mirror(tree.path("proj/a.h"), cwd());
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.error().code, ExitCode::io_error);
}
