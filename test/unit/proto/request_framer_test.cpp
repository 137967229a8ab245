// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for RequestFramer (src/proto/request_framer.cpp): it must call a request
// complete exactly at its last byte, whatever the chunking, for protocols 1, 2 and 3,
// and settle on derailment or an over-cap claim without asking for more.
#include "proto/request_framer.hpp"

#include <gtest/gtest.h>

#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"

using namespace dcc;
using State = proto::RequestFramer::State;

namespace {

std::string encoded(const proto::Request& request) {
    proto::MemorySink sink;
    EXPECT_TRUE(proto::write_request(sink, request));
    return sink.data();
}

proto::Request sample(int version) {
    proto::Request r;
    r.version = version;
    r.argv = {"gcc", "-c", "hello.c", "-o", "hello.o", ""};
    if (version >= 3) {
        r.cwd = "/home/me";
        r.files = {{proto::FileEntry::Kind::file, "/home/me/hello.c", proto::lzo_compress("int x;\n")},
                   {proto::FileEntry::Kind::link, "/home/me/l.h", "hello.c"}};
    } else {
        r.doti = std::string(100000, 'x') + "int main(void) { return 0; }\n";
    }
    return r;
}

}  // namespace

TEST(RequestFramer, CompleteExactlyAtTheLastByteInAnyChunking) {
    proto::Limits limits;
    for (int version : {1, 2, 3}) {
        std::string bytes = encoded(sample(version));
        for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{12}, std::size_t{4096}, bytes.size()}) {
            proto::RequestFramer framer(limits);
            std::size_t at = 0;
            while (at + 1 < bytes.size()) {
                std::size_t step = std::min(chunk, bytes.size() - 1 - at);
                ASSERT_EQ(framer.feed(std::string_view(bytes).substr(at, step)), step);
                at += step;
                ASSERT_EQ(framer.state(), State::reading) << "v" << version << " chunk " << chunk << " at " << at;
            }
            EXPECT_TRUE(framer.mid_packet());
            EXPECT_EQ(framer.feed(bytes.substr(at) + "trailing"), 1u);
            EXPECT_EQ(framer.state(), State::complete) << "v" << version;
            EXPECT_EQ(framer.version(), version);
        }
    }
}

TEST(RequestFramer, BetweenPacketsIsNotMidPacket) {
    proto::Limits limits;
    proto::RequestFramer framer(limits);
    EXPECT_FALSE(framer.mid_packet());
    framer.feed("DIST0000000");
    EXPECT_TRUE(framer.mid_packet());
    framer.feed("2");
    EXPECT_FALSE(framer.mid_packet());
    framer.feed("ARGC00000001ARGV00000003gc");
    EXPECT_TRUE(framer.mid_packet());
    framer.feed("c");
    EXPECT_FALSE(framer.mid_packet());  // the client runs its preprocessor now
    EXPECT_EQ(framer.state(), State::reading);
    framer.feed("DOTI00000000");
    EXPECT_EQ(framer.state(), State::complete);
}

TEST(RequestFramer, SettlesOnDerailmentAndOverCapClaims) {
    proto::Limits limits;
    limits.max_arg_length = 100;
    limits.max_item_size = 1000;
    struct Case {
        std::string bytes;
        const char* why;
    } cases[] = {
        {"HTTP/1.1 GET / and more bytes", ""},
        {"DIST00000009", "protocol version 9"},
        {"DIST00000001ARGV00000001", "expected ARGC, got ARGV"},
        {"DIST00000001ARGC00000000", "ARGC 0"},
        {"DIST00000001ARGC00000001ARGV00000fff", "ARGV length 4095 over the cap"},
        {"DIST00000002ARGC00000001ARGV00000001xDOTI00100000", "DOTI length 1048576 over the cap"},
        {"DIST00000003CDIR00000001/ARGC00000001ARGV00000001xNFIL00000001NAME00000001aDOTI00000000", "expected FILE"},
    };
    for (const Case& c : cases) {
        proto::RequestFramer framer(limits);
        std::size_t used = framer.feed(c.bytes + "MORE");
        EXPECT_EQ(framer.state(), State::settled) << c.bytes;
        EXPECT_LE(used, c.bytes.size()) << c.bytes;
        EXPECT_NE(framer.why_settled().find(c.why), std::string::npos) << framer.why_settled();
    }
}
