// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for TLEN token framing (src/auth/token_framing.cpp): the exact bytes, the
// round trip, and what a hostile or broken peer can send.
#include "auth/token_framing.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::auth;

TEST(TokenFraming, WritesTlenHeaderThenTheBytes) {
    proto::MemorySink sink;
    ASSERT_TRUE(write_token(sink, "\x60\x82\x01").ok());
    EXPECT_EQ(sink.data(), "TLEN00000003\x60\x82\x01");
}

TEST(TokenFraming, RoundTripsBinaryTokens) {
    std::string token;
    for (int i = 0; i < 700; ++i) token.push_back(static_cast<char>(i * 7));
    proto::MemorySink sink;
    ASSERT_TRUE(write_token(sink, token).ok());
    EXPECT_EQ(sink.data().substr(0, 12), "TLEN000002bc");
    proto::MemorySource source(sink.data());
    auto back = read_token(source);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, token);
    EXPECT_EQ(source.remaining(), 0u);
}

TEST(TokenFraming, ReadsExactlyOneTokenAndNoMore) {
    proto::MemorySource source("TLEN00000002abDIST00000001");
    auto token = read_token(source);
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(*token, "ab");
    EXPECT_EQ(source.remaining(), 12u);
}

TEST(TokenFraming, ZeroLengthIsMalformed) {
    proto::MemorySource source("TLEN00000000");
    auto token = read_token(source);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().code, ExitCode::io_error);
    EXPECT_NE(token.error().message.find("Malformed token length"), std::string::npos);
}

TEST(TokenFraming, AClaimAboveTheCapIsRefusedBeforeReading) {
    proto::MemorySource source("TLEN7fffffff");
    auto token = read_token(source);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().code, ExitCode::io_error);
}

TEST(TokenFraming, AnotherTokenIsDerailment) {
    proto::MemorySource source("DIST00000001");
    auto token = read_token(source);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().code, ExitCode::protocol_error);
}

TEST(TokenFraming, ShortBodyIsTruncation) {
    proto::MemorySource source("TLEN00000004ab");
    auto token = read_token(source);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().code, ExitCode::truncated);
}

TEST(TokenFraming, SignalsAreTheDocumentedBytes) {
    EXPECT_EQ(k_handshake, '*');
    EXPECT_EQ(k_access_granted, 'y');
    EXPECT_EQ(k_access_denied, 'n');
}
