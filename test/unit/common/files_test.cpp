// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/files.cpp.
#include "common/files.hpp"

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(Files, WriteAndReadBack) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("a"), "hello").ok());
    auto data = files::read_file(dir.file("a"), 100);
    ASSERT_TRUE(data.ok());
    EXPECT_EQ(*data, "hello");
}

TEST(Files, ReadRefusesFilesOverTheCap) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("big"), std::string(1000, 'x')).ok());
    auto data = files::read_file(dir.file("big"), 999);
    ASSERT_FALSE(data.ok());
    EXPECT_EQ(data.error().code, ExitCode::io_error);
}

TEST(Files, MissingFileIsNoSuchFile) {
    auto data = files::read_file("/nonexistent/dcc/file", 10);
    ASSERT_FALSE(data.ok());
    EXPECT_EQ(data.error().code, ExitCode::no_such_file);
}

TEST(Files, AtomicWriteReplacesWholeFile) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("o"), "old contents that are long").ok());
    ASSERT_TRUE(files::write_file_atomic(dir.file("o"), "new").ok());
    EXPECT_EQ(*files::read_file(dir.file("o"), 100), "new");
}

TEST(Files, AtomicWriteToDevNullKeepsDevNull) {
    ASSERT_TRUE(files::write_file_atomic("/dev/null", "discard").ok());
    struct stat st{};
    ASSERT_EQ(stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}
