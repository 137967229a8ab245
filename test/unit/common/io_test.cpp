// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/io.cpp: timeouts, EOF and non-blocking descriptors.
#include "common/io.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/fd.hpp"

using namespace dcc;

namespace {
struct Pair {
    UniqueFd a, b;
    Pair() {
        int fds[2];
        EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        a.reset(fds[0]);
        b.reset(fds[1]);
    }
};
}  // namespace

TEST(Io, ReadExactAcrossWrites) {
    Pair p;
    ASSERT_TRUE(io::write_all(p.a.get(), "hel", 3, 1000).ok());
    ASSERT_TRUE(io::write_all(p.a.get(), "lo", 2, 1000).ok());
    char buf[5];
    ASSERT_TRUE(io::read_exact(p.b.get(), buf, 5, 1000).ok());
    EXPECT_EQ(std::string(buf, 5), "hello");
}

TEST(Io, EarlyEofIsTruncated) {
    Pair p;
    ASSERT_TRUE(io::write_all(p.a.get(), "ab", 2, 1000).ok());
    p.a.reset();
    char buf[4];
    auto r = io::read_exact(p.b.get(), buf, 4, 1000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::truncated);
}

TEST(Io, NonBlockingReadTimesOut) {
    Pair p;
    ASSERT_TRUE(io::set_nonblocking(p.b.get(), true).ok());
    char buf[1];
    auto r = io::read_exact(p.b.get(), buf, 1, 100);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::io_error);
    EXPECT_NE(r.error().message.find("timeout"), std::string::npos);
}

TEST(Io, WriteToClosedPeerIsIoError) {
    signal(SIGPIPE, SIG_IGN);
    Pair p;
    p.b.reset();
    auto r = io::write_all(p.a.get(), "x", 1, 1000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::io_error);
}

TEST(Io, ReadAvailableDoesNotBlock) {
    Pair p;
    EXPECT_EQ(io::read_available(p.b.get(), 10), "");
    ASSERT_TRUE(io::write_all(p.a.get(), "xyz", 3, 1000).ok());
    EXPECT_EQ(io::read_available(p.b.get(), 2), "xy");
}
