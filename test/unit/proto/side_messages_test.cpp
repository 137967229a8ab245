// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the side-file extension's messages (doc/protocol.md §16): the probe and
// its answer byte for byte, requests and replies of versions 5 and 6 in round trips,
// the caps on XINS/XINP/XOUT, and the request framer on versions 4-6.
#include <gtest/gtest.h>

#include "proto/messages.hpp"
#include "proto/request_framer.hpp"

using namespace dcc;
using namespace dcc::proto;

namespace {

Request side_request(int version) {
    Request r;
    r.version = version;
    r.cwd = "/home/me/proj";
    r.argv = {"clang", "-fprofile-instr-use=p.profdata", "-g", "-gsplit-dwarf", "-c", "a.c", "-o", "sub/a.o"};
    r.extra_inputs = {std::string(5000, 'p'), ""};
    r.doti = "int x;\n";
    return r;
}

std::string encoded(const Request& request) {
    MemorySink sink;
    EXPECT_TRUE(write_request(sink, request));
    return sink.data();
}

}  // namespace

TEST(SideMessages, ProbeBytes) {
    MemorySink probe;
    ASSERT_TRUE(write_probe(probe));
    EXPECT_EQ(probe.data(), "DIST00000004");
    MemorySink answer;
    ASSERT_TRUE(write_probe_answer(answer, k_cap_side_files));
    EXPECT_EQ(answer.data(), "DONE00000004XCAP00000001");
    MemorySource source(answer.data());
    auto bits = read_probe_answer(source);
    ASSERT_TRUE(bits);
    EXPECT_EQ(*bits, 1u);
    // 3.4's answer to the probe is a closed connection: end of stream, nothing read.
    MemorySource silent("");
    auto none = read_probe_answer(silent);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ExitCode::truncated);
    MemorySource wrong("DONE00000001XCAP00000001");
    EXPECT_FALSE(read_probe_answer(wrong));
}

TEST(SideMessages, RequestRoundTrips) {
    for (int version : {5, 6}) {
        Request sent = side_request(version);
        std::string bytes = encoded(sent);
        EXPECT_EQ(bytes.substr(0, 12), version == 5 ? "DIST00000005" : "DIST00000006");
        EXPECT_EQ(bytes.substr(12, 4), "CDIR");
        MemorySource source(bytes);
        auto got = read_request(source, Limits{});
        ASSERT_TRUE(got) << got.error().message;
        EXPECT_EQ(*got, sent);
    }
    EXPECT_EQ(compression_for(5), Compression::none);
    EXPECT_EQ(compression_for(6), Compression::lzo);
    EXPECT_FALSE(server_preprocesses(5));
    EXPECT_EQ(side_version_for(2), 6);
}

namespace {

// `sent`'s bytes on the wire, and what read_reply makes of them.
std::pair<std::string, Result<Reply>> wire_and_back(const Reply& sent) {
    MemorySink sink;
    EXPECT_TRUE(write_reply(sink, sent));
    MemorySource source(sink.data());
    auto got = read_reply(source, sent.version, WantDotd::no, Limits{});
    return {sink.data(), std::move(got)};
}

}  // namespace

TEST(SideMessages, ReplyRoundTrips) {
    for (int version : {5, 6}) {
        Reply sent;
        sent.version = version;
        sent.doto = std::string(3000, 'o');
        sent.side_files = {{1, std::string(2000, 'd')}, {2, "a.c:1:5:f\t16\tstatic\n"}};
        auto [wire, got] = wire_and_back(sent);
        ASSERT_TRUE(got) << got.error().message;
        EXPECT_EQ(*got, sent);
        // A failure carries no side files.
        Reply failed;
        failed.version = version;
        failed.status = 1 << 8;
        auto [fail_wire, plain] = wire_and_back(failed);
        EXPECT_EQ(fail_wire.find("XOUT"), std::string::npos);
        ASSERT_TRUE(plain) << plain.error().message;
        EXPECT_FALSE(plain->unserved);
        // reply_x_unserved: XOUT(0) after DOTO(0) (doc/protocol.md §16.2).
        failed.unserved = true;
        failed.serr = "distccd: cannot serve\n";
        auto [unserved_wire, unserved] = wire_and_back(failed);
        EXPECT_NE(unserved_wire.find("DOTO00000000XOUT00000000"), std::string::npos);
        ASSERT_TRUE(unserved) << unserved.error().message;
        EXPECT_EQ(*unserved, failed);
    }
    // Versions 1-3 know no such reply.
    Reply old;
    old.status = 1 << 8;
    old.unserved = true;
    MemorySink old_sink;
    ASSERT_TRUE(write_reply(old_sink, old));
    EXPECT_EQ(old_sink.data().find("XOUT"), std::string::npos);
}

TEST(SideMessages, Caps) {
    Limits limits;
    limits.max_extra_inputs = 1;
    const std::string wire = encoded(side_request(5));
    MemorySource source(wire);
    auto got = read_request(source, limits);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ExitCode::protocol_error);
    // XOUT beyond the three kinds.
    std::string reply = "DONE00000005STAT00000000SERR00000000SOUT00000000DOTO00000000XOUT00000004";
    MemorySource many(reply);
    EXPECT_FALSE(read_reply(many, 5, WantDotd::no, Limits{}));
    // A probe is never read as a request.
    MemorySource probe("DIST00000004");
    EXPECT_FALSE(read_request(probe, Limits{}));
    MemorySource seven("DIST00000007");
    EXPECT_FALSE(read_request(seven, Limits{}));
}

TEST(SideMessages, FramerKnowsVersionsFourToSix) {
    Limits limits;
    RequestFramer probe(limits);
    EXPECT_EQ(probe.feed("DIST00000004"), 12u);
    EXPECT_EQ(probe.state(), RequestFramer::State::complete);
    for (int version : {5, 6}) {
        std::string bytes = encoded(side_request(version));
        RequestFramer framer(limits);
        for (std::size_t at = 0; at + 1 < bytes.size(); ++at) {
            ASSERT_EQ(framer.feed(bytes.substr(at, 1)), 1u);
            ASSERT_EQ(framer.state(), RequestFramer::State::reading) << at;
        }
        EXPECT_EQ(framer.feed(bytes.substr(bytes.size() - 1)), 1u);
        EXPECT_EQ(framer.state(), RequestFramer::State::complete);
    }
    Limits tight;
    tight.max_extra_inputs = 1;
    RequestFramer over(tight);
    over.feed(encoded(side_request(5)));
    EXPECT_EQ(over.state(), RequestFramer::State::settled);
}
