// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the socket protocol (include_server/request.cpp): golden bytes from
// doc/include-server.md, round trips, and malformed requests.
#include "include_server/request.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::include_server;

TEST(Request, GoldenRequestBytes) {
    // What Debian's distcc 3.4 sends (captured): CDIR, ARGC, ARGV...
    std::string wire = "CDIR0000000d/tmp/incs-expARGC00000003ARGV00000014x86_64-linux-gnu-gccARGV00000002-c"
                       "ARGV00000003x.c";
    proto::MemorySource source(wire);
    auto request = read_server_request(source, request_limits());
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(request->cwd, "/tmp/incs-exp");
    EXPECT_EQ(request->argv, (std::vector<std::string>{"x86_64-linux-gnu-gcc", "-c", "x.c"}));
    proto::MemorySink sink;
    ASSERT_TRUE(write_server_request(sink, *request).ok());
    EXPECT_EQ(sink.data(), wire);
}

TEST(Request, GoldenReplyBytes) {
    proto::MemorySink sink;
    ASSERT_TRUE(write_server_reply(sink, {"/dev/shm/r/a.c.lzo", "/dev/shm/r/usr/include"}).ok());
    EXPECT_EQ(sink.data(), "ARGC00000002ARGV00000012/dev/shm/r/a.c.lzoARGV00000016/dev/shm/r/usr/include");
    proto::MemorySink empty;
    ASSERT_TRUE(write_server_reply(empty, {}).ok());
    EXPECT_EQ(empty.data(), "ARGC00000000");
}

TEST(Request, ReplyRoundTrip) {
    std::vector<std::string> paths{"/r/x", std::string("/r/\xff\x01 odd", 9)};
    proto::MemorySink sink;
    ASSERT_TRUE(write_server_reply(sink, paths).ok());
    proto::MemorySource source(sink.data());
    auto back = read_server_reply(source, request_limits());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, paths);
    proto::MemorySource none("ARGC00000000");
    auto empty = read_server_reply(none, request_limits());
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());
}

TEST(Request, MalformedRequestsAreErrors) {
    const char* cases[] = {
        "",
        "CDIR",
        "ARGC00000001ARGV00000001x",            // no CDIR
        "CDIR00000001/ARGC00000000",            // no words
        "CDIR00000001/ARGC00000002ARGV00000001x",  // truncated
        "CDIRzzzzzzzz/",                        // bad digits
        "CDIR00100000/",                        // longer than a path may be
        "CDIR00000001/ARGCffffffff",            // too many words
        "CDIR00000001/ARGC00000001ARGVfffffff0",  // a word beyond the cap
    };
    for (const char* bytes : cases) {
        proto::MemorySource source(bytes);
        EXPECT_FALSE(read_server_request(source, request_limits()).ok()) << bytes;
    }
}
