// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the compressed mirror copies (include_server/compressed_files.cpp).
#include "include_server/compressed_files.hpp"

#include <gtest/gtest.h>

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
    auto paths = files.compress({file("p/a.c"), file("p/inc/b.h", tree.path("p/inc"))}, caches.directory(tree.root()));
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
    auto paths = files.compress({file("p/empty.h")}, caches.directory(tree.root()));
    ASSERT_TRUE(paths.ok());
    EXPECT_EQ(read_file((*paths)[0]), std::string("\x11\x00\x00", 3));
}

TEST_F(CompressTest, WrittenOncePerGeneration) {
    std::string source = tree.write("p/a.c", "one\n");
    auto first = files.compress({file("p/a.c")}, caches.directory(tree.root()));
    ASSERT_TRUE(first.ok());
    tree.write("p/a.c", "two\n");
    auto second = files.compress({file("p/a.c")}, caches.directory(tree.root()));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(unpack((*second)[0]), "one\n");
    EXPECT_EQ(files.files_written(), 1u);
    (void)source;
}

TEST_F(CompressTest, UnreadableSourceIsFatal) {
    tree.write("p/a.c", "x");
    ClosureFile f = file("p/a.c");
    ::unlink(tree.path("p/a.c").c_str());
    auto paths = files.compress({f}, caches.directory(tree.root()));
    ASSERT_FALSE(paths.ok());
    EXPECT_EQ(paths.error().code, ExitCode::io_error);
    EXPECT_EQ(paths.error().message.rfind("Could not open '" + tree.path("p/a.c") + "' for reading: ", 0), 0u);
}
