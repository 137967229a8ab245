// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/mapped_file.cpp.
#include "common/mapped_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/fd.hpp"
#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(MappedFile, MapsTheWholeFile) {
    test_support::ScratchDir dir;
    std::string text(100000, 'x');
    text[99999] = 'y';
    ASSERT_TRUE(files::write_file(dir.file("f"), text).ok());
    auto mapped = MappedFile::open(dir.file("f"), 1 << 20);
    ASSERT_TRUE(mapped.ok());
    EXPECT_EQ(mapped->view(), text);
    MappedFile moved = std::move(*mapped);
    EXPECT_EQ(moved.size(), text.size());
    EXPECT_EQ(mapped->size(), 0u);
}

TEST(MappedFile, EmptyFileIsAnEmptyView) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("e"), "").ok());
    auto mapped = MappedFile::open(dir.file("e"), 10);
    ASSERT_TRUE(mapped.ok());
    EXPECT_TRUE(mapped->view().empty());
}

TEST(MappedFile, MapsFromAnOpenDescriptorRegardlessOfItsOffset) {
    test_support::ScratchDir dir;
    UniqueFd fd(::open(dir.file("w").c_str(), O_RDWR | O_CREAT, 0600));
    ASSERT_EQ(::write(fd.get(), "hello", 5), 5);
    auto mapped = MappedFile::map(fd.get(), "w", 100);
    ASSERT_TRUE(mapped.ok());
    EXPECT_EQ(mapped->view(), "hello");
}

TEST(MappedFile, Errors) {
    test_support::ScratchDir dir;
    EXPECT_EQ(MappedFile::open(dir.file("missing"), 10).error().code, ExitCode::no_such_file);
    ASSERT_TRUE(files::write_file(dir.file("big"), "0123456789").ok());
    EXPECT_EQ(MappedFile::open(dir.file("big"), 9).error().code, ExitCode::io_error);
}
