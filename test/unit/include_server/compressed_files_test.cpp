// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the compressed mirror copies (include_server/compressed_files.cpp).
#include "include_server/compressed_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "proto/lzo_codec.hpp"
#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::read_file;
using tree_support::TestTree;

namespace {

class CompressTest : public ::testing::Test {
protected:
    CompressTest() : root(tree.mkdir("root")), caches(fs), mirror(caches, system_dirs, root), files(caches, mirror) {}
    ClosureFile file(const std::string& relative, const std::string& searchdir = "") {
        auto real = caches.canonical(tree.path(relative));
        ClosureFile f{*real, std::nullopt};
        if (!searchdir.empty()) {
            std::string name = relative.substr(relative.rfind('/') + 1);
            f.absolute_pair = FilePair{caches.directory(searchdir), *caches.includepath(name, AbsolutePaths::accept)};
        }
        return f;
    }
    // compress() and then write_copies(), as a worker does.
    Result<std::vector<std::string>> compress_and_write(const std::vector<ClosureFile>& closure) {
        auto copies = files.compress(closure, caches.directory(tree.root()));
        if (!copies.ok()) return std::move(copies).error();
        DCC_TRY(write_copies(fs, copies->plan));
        return copies->paths;
    }
    std::string unpack(const std::string& path) {
        auto plain = proto::lzo_decompress(read_file(path), 1 << 20);
        EXPECT_TRUE(plain.ok());
        return plain.ok() ? *plain : "";
    }

    TestTree tree;
    std::string root;
    PosixFileSystem fs;
    Caches caches;
    SystemDirs system_dirs;
    PathMirror mirror;
    CompressedFiles files;
};

}  // namespace

TEST_F(CompressTest, RelativeAndAbsoluteCopies) {
    tree.write("p/a.c", "int a;\n");
    tree.write("p/inc/b.h", "int b;\n");
    auto paths = compress_and_write({file("p/a.c"), file("p/inc/b.h", tree.path("p/inc"))});
    ASSERT_TRUE(paths.ok());
    ASSERT_EQ(paths->size(), 2u);
    EXPECT_EQ((*paths)[0], root + tree.path("p/a.c") + ".lzo");
    EXPECT_EQ((*paths)[1], root + tree.path("p/inc/b.h") + ".lzo.abs");
    EXPECT_EQ(unpack((*paths)[0]), "int a;\n");
    EXPECT_EQ(unpack((*paths)[1]), "#line 1 \"" + tree.path("p/inc/b.h") + "\"\nint b;\n");
}

TEST_F(CompressTest, EmptyFileIsTheEndMarker) {
    EXPECT_EQ(compress_for_mirror(""), std::string("\x11\x00\x00", 3));
    tree.write("p/empty.h", "");
    auto paths = compress_and_write({file("p/empty.h")});
    ASSERT_TRUE(paths.ok());
    EXPECT_EQ(read_file((*paths)[0]), std::string("\x11\x00\x00", 3));
}

TEST_F(CompressTest, WrittenOncePerGeneration) {
    std::string source = tree.write("p/a.c", "one\n");
    auto first = compress_and_write({file("p/a.c")});
    ASSERT_TRUE(first.ok());
    tree.write("p/a.c", "two\n");
    auto second = compress_and_write({file("p/a.c")});
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(unpack((*second)[0]), "one\n");
    EXPECT_EQ(files.files_written(), 1u);
    (void)source;
}

TEST_F(CompressTest, UnreadableSourceIsFatal) {
    tree.write("p/a.c", "x");
    ClosureFile f = file("p/a.c");
    ::unlink(tree.path("p/a.c").c_str());
    auto paths = compress_and_write({f});
    ASSERT_FALSE(paths.ok());
    EXPECT_EQ(paths.error().code, ExitCode::io_error);
    EXPECT_EQ(paths.error().message.rfind("Could not open '" + tree.path("p/a.c") + "' for reading: ", 0), 0u);
}

// Copies are claimed under the analysis lock and written outside it: a request
// whose closure holds a copy another request is still writing replies only after
// that copy is complete.
TEST_F(CompressTest, ASharedCopyIsWaitedFor) {
    tree.write("p/a.c", "int a;\n");
    Id cwd = caches.directory(tree.root());
    auto first = files.compress({file("p/a.c")}, cwd);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->plan.to_write.size(), 1u);
    auto second = files.compress({file("p/a.c")}, cwd);
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->plan.to_write.empty());
    ASSERT_EQ(second->plan.to_wait_for.size(), 1u);
    EXPECT_EQ(second->paths, first->paths);
    auto waiter = std::async(std::launch::async, [&] { return write_copies(fs, second->plan); });
    EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
    EXPECT_TRUE(write_copies(fs, first->plan).ok());
    ASSERT_EQ(waiter.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_TRUE(waiter.get().ok());
    EXPECT_EQ(unpack(first->paths[0]), "int a;\n");
}

TEST_F(CompressTest, AFailedCopyFailsItsWaiters) {
    tree.write("p/a.c", "x");
    Id cwd = caches.directory(tree.root());
    auto first = files.compress({file("p/a.c")}, cwd);
    auto second = files.compress({file("p/a.c")}, cwd);
    ASSERT_TRUE(first.ok() && second.ok());
    ::unlink(tree.path("p/a.c").c_str());
    EXPECT_FALSE(write_copies(fs, first->plan).ok());
    Status waited = write_copies(fs, second->plan);
    ASSERT_FALSE(waited.ok());
    EXPECT_EQ(waited.error().message, "A compressed copy of this request's closure could not be written");
}
