// SPDX-License-Identifier: GPL-2.0-or-later
// Round trips for every message of every protocol version (src/proto/messages.cpp),
// in memory and over a real socket pair with the buffered FdSink.
#include "proto/messages.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "common/fd.hpp"
#include "proto/lzo_codec.hpp"

using namespace dcc;
using namespace dcc::proto;

namespace {

Limits limits;

Request sample_request(int version) {
    Request r;
    r.version = version;
    r.argv = {"x86_64-linux-gnu-g++", "-O2", "-g", "-c", "big file.cpp", "-o", "out dir/big.o"};
    if (version == 3) {
        r.cwd = "/home/user/project";
        r.files = {{FileEntry::Kind::file, "/home/user/project/big file.cpp", lzo_compress("#include <stdio.h>\nint x;\n")},
                   {FileEntry::Kind::link, "/usr/include", "../../../../usr/include"}};
    } else {
        r.doti = std::string(300000, 'x') + "int main() { return 0; }\n";
    }
    return r;
}

}  // namespace

class RequestRoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(RequestRoundTrip, InMemory) {
    Request r = sample_request(GetParam());
    MemorySink sink;
    ASSERT_TRUE(write_request(sink, r).ok());
    MemorySource source(sink.data());
    auto back = read_request(source, limits);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, r);
    EXPECT_EQ(source.remaining(), 0u);
}

TEST_P(RequestRoundTrip, OverASocketPair) {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    UniqueFd writer(fds[0]), reader(fds[1]);
    Request r = sample_request(GetParam());
    std::thread t([&] {
        FdSink sink(writer.get(), 5000);
        EXPECT_TRUE(write_request(sink, r).ok());
    });
    FdSource source(reader.get(), 5000);
    auto back = read_request(source, limits);
    t.join();
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, r);
}

INSTANTIATE_TEST_SUITE_P(AllVersions, RequestRoundTrip, ::testing::Values(1, 2, 3));

class ReplyRoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(ReplyRoundTrip, SuccessWithOutputs) {
    Reply reply;
    reply.version = GetParam();
    reply.serr = "warning: unused variable\n";
    reply.sout = "stdout text";
    reply.doto = std::string(70000, '\x7f');
    if (reply.version == 3) reply.dotd = "a.o: a.c a.h\n";
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, reply).ok());
    MemorySource source(sink.data());
    auto back = read_reply(source, reply.version, WantDotd::yes, limits);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, reply);
}

TEST_P(ReplyRoundTrip, FailureSendsEmptyDoto) {
    Reply reply;
    reply.version = GetParam();
    reply.status = 0x8b;  // SIGSEGV with core
    reply.serr = "internal compiler error\n";
    reply.doto = "ignored";
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, reply).ok());
    MemorySource source(sink.data());
    auto back = read_reply(source, reply.version, WantDotd::yes, limits);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->status, 0x8bu);
    EXPECT_EQ(back->doto, "");
    EXPECT_FALSE(back->dotd);
    EXPECT_EQ(source.remaining(), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVersions, ReplyRoundTrip, ::testing::Values(1, 2, 3));

TEST(Reply, VersionMismatchIsProtocolError) {
    Reply reply;
    reply.version = 2;
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, reply).ok());
    MemorySource source(sink.data());
    auto back = read_reply(source, 1, WantDotd::no, limits);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, ExitCode::protocol_error);
}

TEST(Reply, MissingDotdWhenWantedIsProtocolError) {
    // A v3 success reply cut after DOTO (what upstream's server sends when its .d
    // rewrite fails): upstream's client called that success; we do not.
    std::string wire = "DONE00000003STAT00000000SERR00000000SOUT00000000DOTO00000000";
    MemorySource source(wire);
    auto back = read_reply(source, 3, WantDotd::yes, limits);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, ExitCode::truncated);
    MemorySource again(wire);
    EXPECT_TRUE(read_reply(again, 3, WantDotd::no, limits).ok());
}

TEST(Request, PiecewiseWritesEqualTheWholeRequest) {
    Request r = sample_request(2);
    MemorySink whole, pieces;
    ASSERT_TRUE(write_request(whole, r).ok());
    ASSERT_TRUE(write_request_header(pieces, 2, "", r.argv).ok());
    ASSERT_TRUE(write_doti(pieces, 2, r.doti).ok());
    EXPECT_EQ(whole.data(), pieces.data());
}

// Versions 4-6 are the extension of doc/protocol.md §16 (side_messages_test.cpp).
TEST(Request, VersionOutsideOneToSixIsRefused) {
    for (const char* wire : {"DIST00000000", "DIST00000007", "DISTffffffff"}) {
        MemorySource source(wire);
        auto v = read_request_version(source);
        ASSERT_FALSE(v.ok()) << wire;
        EXPECT_EQ(v.error().code, ExitCode::protocol_error);
        EXPECT_NE(v.error().message.find("can't handle requested protocol version"), std::string::npos);
    }
    MemorySink sink;
    EXPECT_FALSE(write_request_header(sink, 4, "", {"gcc"}).ok());  // the probe is write_probe
    EXPECT_FALSE(write_request_header(sink, 7, "", {"gcc"}).ok());
}
