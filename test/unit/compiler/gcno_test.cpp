// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/gcno (doc/protocol.md §16.6): reading and rewriting the
// working-directory record of a gcc 12 .gcno, and refusing what is not that format.
#include "compiler/gcno.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dcc::compiler {
namespace {

// The head of a note file written by gcc 12.2 (x86-64) in /tmp/c14/a with
// -frandom-seed=x: magic, version "B22*", stamp, checksum, length 11, the directory,
// then the unexecuted-blocks word and the start of a function record.
const std::string k_head = std::string("oncg*22B\xff\xff\xff\xff\0\0\0\0\x0b\0\0\0/tmp/c14/a\0", 31);
const std::string k_tail = std::string("\x01\0\0\0\0\0\0\x01\x33\0\0\0\xeb\x72\x70\x06", 16);

std::string big_endian_copy(const std::string& little) {
    std::string out = little;
    for (std::size_t at : {0, 4, 8, 12, 16})
        for (std::size_t i = 0; i < 2; ++i) std::swap(out[at + i], out[at + 3 - i]);
    return out;
}

TEST(Gcno, ReadsTheDirectory) {
    auto cwd = gcno_cwd(k_head + k_tail);
    ASSERT_TRUE(cwd) << cwd.error().message;
    EXPECT_EQ(*cwd, "/tmp/c14/a");
}

TEST(Gcno, RewritesTheDirectoryAndKeepsTheRest) {
    auto out = rewrite_gcno_cwd(k_head + k_tail, "/home/someone/project");
    ASSERT_TRUE(out) << out.error().message;
    std::string expected = k_head.substr(0, 16) + std::string("\x16\0\0\0", 4) + "/home/someone/project" +
                           std::string(1, '\0') + k_tail;
    EXPECT_EQ(*out, expected);
    EXPECT_EQ(*gcno_cwd(*out), "/home/someone/project");
    // Back again: the original bytes.
    EXPECT_EQ(*rewrite_gcno_cwd(*out, "/tmp/c14/a"), k_head + k_tail);
    EXPECT_EQ(*gcno_cwd(*rewrite_gcno_cwd(k_head, "/")), "/");
}

TEST(Gcno, BigEndianWriterKeepsItsOrder) {
    std::string big = big_endian_copy(k_head) + k_tail;
    ASSERT_EQ(big.substr(0, 4), "gcno");
    auto out = rewrite_gcno_cwd(big, "/x");
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->substr(16, 4), std::string("\0\0\0\x03", 4));
    EXPECT_EQ(*gcno_cwd(*out), "/x");
}

TEST(Gcno, RefusesWhatIsNotAVerifiedNoteFile) {
    const std::string whole = k_head + k_tail;
    // Every truncation inside the header and the directory.
    for (std::size_t size = 0; size < k_head.size(); ++size) EXPECT_FALSE(gcno_cwd(whole.substr(0, size))) << size;
    std::string data = whole;
    data[0] = 'a';  // magic
    EXPECT_FALSE(gcno_cwd(data));
    data = whole;
    data[7] = 'A';  // gcc 11's version word: strings counted in words then
    EXPECT_FALSE(gcno_cwd(data));
    data = whole;
    data[16] = 0;  // length 0
    EXPECT_FALSE(gcno_cwd(data));
    data = whole;
    data[19] = 0x7f;  // length far past the end
    EXPECT_FALSE(gcno_cwd(data));
    data = whole;
    data[16] = 10;  // no NUL at the end of the record
    EXPECT_FALSE(gcno_cwd(data));
    data = whole;
    data[24] = '\0';  // an inner NUL
    EXPECT_FALSE(gcno_cwd(data));
    // Hostile length: above the bound even though the bytes are there.
    std::string longer = k_head.substr(0, 16) + std::string("\x02\x10\0\0", 4) + std::string(0x1002, 'a');
    longer.back() = '\0';
    EXPECT_FALSE(gcno_cwd(longer));
    EXPECT_FALSE(rewrite_gcno_cwd(whole, std::string("a\0b", 3)));
    EXPECT_FALSE(rewrite_gcno_cwd(whole, std::string(k_max_gcno_cwd + 1, 'a')));
}

}  // namespace
}  // namespace dcc::compiler
