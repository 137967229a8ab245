// SPDX-License-Identifier: GPL-2.0-or-later
// Hostile and broken input to the request/reply readers: every case must give a
// clear error value, never a crash, and never an allocation of a claimed size.
#include <gtest/gtest.h>

#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"

using namespace dcc;
using namespace dcc::proto;

namespace {

Limits limits;

Error request_error(const std::string& wire, const Limits& l = limits) {
    MemorySource source(wire);
    auto r = read_request(source, l);
    EXPECT_FALSE(r.ok()) << "accepted: " << wire.substr(0, 80);
    return r.ok() ? Error{} : r.error();
}

const std::string k_v1_head = "DIST00000001ARGC00000001ARGV00000003gcc";

}  // namespace

TEST(Malformed, BadTokenIsDerailmentWithContext) {
    Error e = request_error("GET / HTTP/1.0\r\n\r\n");
    EXPECT_EQ(e.code, ExitCode::protocol_error);
    EXPECT_NE(e.message.find("protocol derailment"), std::string::npos);
    EXPECT_NE(e.message.find("GET / HTTP/1.0"), std::string::npos);
}

TEST(Malformed, NonHexAndSignedLengths) {
    EXPECT_EQ(request_error("DIST0000000z").code, ExitCode::protocol_error);
    EXPECT_EQ(request_error("DIST00000001ARGC-0000001").code, ExitCode::protocol_error);
}

TEST(Malformed, UpperCaseLengthIsAccepted) {
    // Upstream accepts it (strtoul); we accept [0-9a-fA-F] but never send it.
    const std::string wire = k_v1_head + "DOTI0000000A0123456789";
    MemorySource source(wire);
    auto r = read_request(source, limits);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->doti, "0123456789");
}

TEST(Malformed, TruncatedEverywhere) {
    std::string good = k_v1_head + "DOTI00000005hello";
    for (std::size_t cut = 0; cut < good.size(); ++cut) {
        Error e = request_error(good.substr(0, cut));
        EXPECT_EQ(e.code, ExitCode::truncated) << "cut at " << cut << ": " << e.message;
    }
}

TEST(Malformed, FourGigabyteLengthIsRefusedWithoutAllocating) {
    // If the reader reserved the claimed size this would abort under ASan or the
    // kernel's overcommit; it must be refused by the cap instead.
    Error e = request_error(k_v1_head + "DOTIffffffff" + "abc");
    EXPECT_EQ(e.code, ExitCode::protocol_error);
    EXPECT_NE(e.message.find("exceeds the limit"), std::string::npos);
}

TEST(Malformed, LargeClaimUnderTheCapWithoutDataIsTruncated) {
    Limits generous;
    generous.max_item_size = 0xfffffff0u;
    Error e = request_error(k_v1_head + "DOTIfffffff0" + "abc", generous);
    EXPECT_EQ(e.code, ExitCode::truncated);
}

TEST(Malformed, ArgcOverTheCapAndZero) {
    Limits small;
    small.max_argc = 10;
    EXPECT_EQ(request_error("DIST00000001ARGC0000000b", small).code, ExitCode::protocol_error);
    EXPECT_EQ(request_error("DIST00000001ARGC00000000").code, ExitCode::protocol_error);
    EXPECT_EQ(request_error("DIST00000001ARGCffffffff").code, ExitCode::protocol_error);
}

TEST(Malformed, ArgvTotalOverTheCap) {
    Limits small;
    small.max_argv_total = 5;
    EXPECT_EQ(request_error("DIST00000001ARGC00000002ARGV00000003gccARGV00000003abc", small).code,
              ExitCode::protocol_error);
}

TEST(Malformed, LzoGarbageInDoti) {
    Error e = request_error("DIST00000002ARGC00000001ARGV00000003gccDOTI00000004\xff\xff\xff\xff");
    EXPECT_EQ(e.code, ExitCode::io_error);
}

TEST(Malformed, LzoBombOverTheCap) {
    Limits small;
    small.max_item_size = 4096;
    std::string bomb = lzo_compress(std::string(100000, 'a'));
    ASSERT_LT(bomb.size(), 4096u);
    char header[13];
    snprintf(header, sizeof header, "DOTI%08zx", bomb.size());
    Error e = request_error("DIST00000002ARGC00000001ARGV00000003gcc" + std::string(header) + bomb, small);
    EXPECT_EQ(e.code, ExitCode::io_error);
}

TEST(Malformed, Protocol3RelativeCwdAndBadEntryToken) {
    EXPECT_EQ(request_error("DIST00000003CDIR00000003tmp").code, ExitCode::protocol_error);
    std::string head = "DIST00000003CDIR00000001/ARGC00000001ARGV00000003gccNFIL00000001NAME00000002/a";
    EXPECT_EQ(request_error(head + "DOTO00000000").code, ExitCode::protocol_error);
    EXPECT_EQ(request_error(head + "XXXX00000000").code, ExitCode::protocol_error);
}

TEST(Malformed, Protocol3TooManyFilesAndLongNames) {
    Limits small;
    small.max_files = 2;
    small.max_path_length = 8;
    std::string head = "DIST00000003CDIR00000001/ARGC00000001ARGV00000003gcc";
    EXPECT_EQ(request_error(head + "NFIL00000003", small).code, ExitCode::protocol_error);
    EXPECT_EQ(request_error(head + "NFIL00000001NAME00000009/abcdefgh", small).code, ExitCode::protocol_error);
}

TEST(Malformed, ReplyWithFailureAndOutputIsIgnoredSafely) {
    std::string wire = "DONE00000001STAT00000100SERR00000000SOUT00000000DOTO00000005hello";
    MemorySource source(wire);
    auto r = read_reply(source, 1, WantDotd::no, limits);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->doto, "");
}
