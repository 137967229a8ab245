// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/proto/buffered_source.cpp: exact reads across buffer refills and
// large direct reads, EOF, the inactivity timeout and the overall deadline.
#include "proto/buffered_source.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "common/fd.hpp"
#include "common/io.hpp"

using namespace dcc;
using namespace dcc::proto;

namespace {

struct Pair {
    UniqueFd reader, writer;
    Pair() {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        reader.reset(fds[0]);
        writer.reset(fds[1]);
        EXPECT_TRUE(io::set_nonblocking(reader.get(), true).ok());
    }
};

}  // namespace

TEST(BufferedFdSource, SmallAndLargeReadsKeepTheOrder) {
    Pair p;
    std::string data;
    for (int i = 0; i < 300000; ++i) data.push_back(static_cast<char>('a' + i % 26));
    std::thread writer([&] { ASSERT_TRUE(io::write_all(p.writer.get(), data, 5000).ok()); });
    BufferedFdSource source(p.reader.get(), 5000);
    std::string got(12, '\0');
    ASSERT_TRUE(source.read_exact(got.data(), 12).ok());
    std::string big(200000, '\0');
    ASSERT_TRUE(source.read_exact(big.data(), big.size()).ok());
    got += big;
    std::string rest(data.size() - got.size(), '\0');
    ASSERT_TRUE(source.read_exact(rest.data(), rest.size()).ok());
    got += rest;
    writer.join();
    EXPECT_EQ(got, data);
}

TEST(BufferedFdSource, EofIsTruncated) {
    Pair p;
    ASSERT_EQ(::write(p.writer.get(), "DIST0000", 8), 8);
    p.writer.reset();
    BufferedFdSource source(p.reader.get(), 1000);
    char header[12];
    auto r = source.read_exact(header, sizeof header);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::truncated);
}

TEST(BufferedFdSource, InactivityTimeoutAndDeadline) {
    Pair p;
    char c;
    BufferedFdSource slow(p.reader.get(), 100);
    auto r = slow.read_exact(&c, 1);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::io_error);
    BufferedFdSource late(p.reader.get(), 10000, monotonic_ms() + 100);
    int64_t start = monotonic_ms();
    r = late.read_exact(&c, 1);
    ASSERT_FALSE(r.ok());
    EXPECT_LT(monotonic_ms() - start, 5000);
}

TEST(BufferedFdSource, ReadAvailableServesTheBufferFirst) {
    Pair p;
    ASSERT_EQ(::write(p.writer.get(), "GET / HTTP/1.0\r\n", 16), 16);
    BufferedFdSource source(p.reader.get(), 1000);
    char head[4];
    ASSERT_TRUE(source.read_exact(head, 4).ok());
    EXPECT_EQ(source.read_available(100), "/ HTTP/1.0\r\n");
}
