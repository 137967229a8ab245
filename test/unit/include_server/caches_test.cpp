// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for lookup (include_server/caches.cpp): search order, regular files only,
// realpaths through symlinks, the absolute-path policy, caching for the generation,
// and a realpath that loops.
#include "include_server/caches.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;

namespace {

// Counts probes, and can make realpath fail for one path.
class CountingFileSystem : public PosixFileSystem {
public:
    FileType probe(const std::string& path) override {
        ++probes;
        return PosixFileSystem::probe(path);
    }
    Canonical realpath(const std::string& path) override {
        if (path == looping) return Canonical{std::string(), ELOOP};
        return PosixFileSystem::realpath(path);
    }
    int probes = 0;
    std::string looping;
};

class CachesTest : public ::testing::Test {
protected:
    CachesTest() : caches(fs) {}
    Id include(const std::string& path) {
        auto id = caches.includepath(path, AbsolutePaths::refuse);
        EXPECT_TRUE(id.ok());
        return id.ok() ? *id : 0;
    }
    Resolution resolve(const std::string& name, std::vector<Id> list, Id searchdir = 0) {
        auto found = caches.resolve(include(name), caches.directory(tree.root()), searchdir, list);
        EXPECT_TRUE(found.ok());
        return found.ok() ? *found : Resolution{};
    }
    std::string realpath(const Resolution& r) { return std::string(caches.realpaths().text(r.realpath)); }

    TestTree tree;
    CountingFileSystem fs;
    Caches caches;
};

}  // namespace

TEST_F(CachesTest, DirectoriesGetATrailingSlash) {
    EXPECT_EQ(caches.directories().text(caches.directory("inc")), "inc/");
    EXPECT_EQ(caches.directories().text(caches.directory("")), "");
    EXPECT_EQ(caches.directories().text(caches.directory("/")), "/");
    EXPECT_EQ(caches.directory("inc"), caches.directory("inc/"));
}

TEST_F(CachesTest, IncludePathsLoseLeadingDotSlash) {
    EXPECT_EQ(include("./././x.h"), include("x.h"));
}

TEST_F(CachesTest, AbsoluteIncludePolicy) {
    auto refused = caches.includepath("/usr/include/stdio.h", AbsolutePaths::refuse);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "Filepath must be relative but isn't: '/usr/include/stdio.h'. Consider setting "
              "INCLUDE_SERVER_ARGS='--unsafe_absolute_includes'.");
    bool warned = false;
    auto ignored = caches.includepath("/abs.h", AbsolutePaths::ignore_with_warning, &warned);
    ASSERT_TRUE(ignored.ok());
    EXPECT_TRUE(warned);
    // An absolute include path is never found.
    tree.write("abs.h", "");
    auto found = caches.resolve(*ignored, caches.directory(tree.root()), 0, std::vector<Id>{caches.directory("")});
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(*found);
}

TEST_F(CachesTest, FirstDirectoryInOrderWins) {
    tree.write("a/x.h", "");
    tree.write("b/x.h", "");
    Resolution r = resolve("x.h", {caches.directory("missing"), caches.directory("b"), caches.directory("a")});
    ASSERT_TRUE(r);
    EXPECT_EQ(realpath(r), tree.path("b/x.h"));
    EXPECT_EQ(caches.directories().text(r.pair.searchdir), "b/");
}

TEST_F(CachesTest, SearchdirComesBeforeTheList) {
    tree.write("a/x.h", "");
    tree.write("own/x.h", "");
    Resolution r = resolve("x.h", {caches.directory("a")}, caches.directory("own"));
    EXPECT_EQ(realpath(r), tree.path("own/x.h"));
}

TEST_F(CachesTest, OnlyRegularFilesCount) {
    tree.mkdir("a/x.h");
    tree.write("b/x.h", "");
    EXPECT_EQ(realpath(resolve("x.h", {caches.directory("a"), caches.directory("b")})), tree.path("b/x.h"));
    EXPECT_FALSE(resolve("nothing.h", {caches.directory("a")}));
}

TEST_F(CachesTest, RealpathsFollowSymlinks) {
    tree.write("real/x.h", "");
    tree.symlink("real", "linkdir");
    tree.symlink(tree.path("real/x.h"), "y.h");
    EXPECT_EQ(realpath(resolve("x.h", {caches.directory("linkdir")})), tree.path("real/x.h"));
    EXPECT_EQ(realpath(resolve("y.h", {caches.directory("")})), tree.path("real/x.h"));
    EXPECT_EQ(realpath(resolve("linkdir/../real/x.h", {caches.directory("")})), tree.path("real/x.h"));
}

TEST_F(CachesTest, AbsoluteSearchDirectories) {
    tree.write("inc/x.h", "");
    Resolution r = resolve("x.h", {caches.directory(tree.path("inc"))});
    EXPECT_EQ(realpath(r), tree.path("inc/x.h"));
    EXPECT_EQ(caches.absolute(caches.directory("/elsewhere"), r.pair), tree.path("inc/x.h"));
}

TEST_F(CachesTest, ResultsAreCachedForTheGeneration) {
    tree.write("a/x.h", "");
    Id dir = caches.directory("a");
    resolve("x.h", {dir});
    resolve("late.h", {dir});
    int probes = fs.probes;
    tree.write("a/late.h", "");  // appears mid-build: stays absent, as upstream
    EXPECT_TRUE(resolve("x.h", {dir}));
    EXPECT_FALSE(resolve("late.h", {dir}));
    EXPECT_EQ(fs.probes, probes);
}

TEST_F(CachesTest, Dirname) {
    tree.write("inc/sub/x.h", "");
    tree.symlink("inc", "alias");
    Resolution r = resolve("sub/x.h", {caches.directory("alias")});
    auto dir = caches.dirname(caches.directory(tree.root()), r.pair);
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(caches.directories().text(dir->first), "alias/sub/");
    EXPECT_EQ(caches.realpaths().text(dir->second), tree.path("inc/sub"));
    Resolution top = resolve("top.h", {caches.directory("")});
    EXPECT_FALSE(top);
}

TEST_F(CachesTest, SymlinkLoopIsNotCovered) {
    tree.write("d/x.h", "");
    fs.looping = tree.path("d");
    auto found = caches.resolve(include("x.h"), caches.directory(tree.root()), 0,
                                std::vector<Id>{caches.directory("d")});
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().message, "Too many symlinks in '" + tree.path("d") + "'.");
}

TEST_F(CachesTest, ObserverSeesNewlyFoundFiles) {
    tree.write("a/x.h", "");
    std::vector<std::string> seen;
    caches.set_observer([&](std::string_view include, std::string_view found, std::string_view real) {
        seen.push_back(std::string(include) + "|" + std::string(found) + "|" + std::string(real));
    });
    resolve("x.h", {caches.directory("a")});
    resolve("x.h", {caches.directory("a")});
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], "x.h|a/x.h|" + tree.path("a/x.h"));
}
