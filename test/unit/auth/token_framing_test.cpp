// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for TLEN token framing (src/auth/token_framing.cpp): the exact bytes, the
// round trip, and what a hostile or broken peer can send.
#include "auth/token_framing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <vector>

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

// --- ClientHandshakeFramer: the same bytes taken in pieces (the daemon's intake) ---

namespace {

// Feed `bytes` the way a non-blocking reader does: never more than wanted(), and at
// most `chunk` at a time.  Returns the items in order ("*" for the handshake, the
// token text for a token), the error if one came, and the bytes left unread.
struct Fed {
    std::vector<std::string> items;
    std::optional<Error> error;
    std::string unread;
};

Fed feed_in_pieces(ClientHandshakeFramer& framer, std::string_view bytes, std::size_t chunk, std::size_t tokens) {
    Fed fed;
    while (!bytes.empty() && fed.items.size() < tokens + 1) {
        std::size_t n = std::min({framer.wanted(), chunk, bytes.size()});
        auto item = framer.feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (!item) {
            fed.error = std::move(item).error();
            break;
        }
        if (*item == ClientHandshakeFramer::Item::handshake) fed.items.push_back("*");
        if (*item == ClientHandshakeFramer::Item::token) fed.items.push_back(framer.take_token());
    }
    fed.unread = std::string(bytes);
    return fed;
}

}  // namespace

TEST(ClientHandshakeFramer, FramesTheHandshakeAndTokensByteByByte) {
    ClientHandshakeFramer framer;
    Fed fed = feed_in_pieces(framer, "*TLEN00000003abcTLEN00000001zDIST00000001", 1, 2);
    ASSERT_FALSE(fed.error);
    EXPECT_EQ(fed.items, (std::vector<std::string>{"*", "abc", "z"}));
    EXPECT_EQ(fed.unread, "DIST00000001") << "what follows the handshake stays unread";
}

TEST(ClientHandshakeFramer, AsksForNoMoreThanTheCurrentItem) {
    ClientHandshakeFramer framer;
    EXPECT_EQ(framer.wanted(), 1u);
    ASSERT_EQ(*framer.feed("*"), ClientHandshakeFramer::Item::handshake);
    EXPECT_EQ(framer.wanted(), 12u);
    ASSERT_EQ(*framer.feed("TLEN"), ClientHandshakeFramer::Item::none);
    EXPECT_EQ(framer.wanted(), 8u);
    ASSERT_EQ(*framer.feed("000002bc"), ClientHandshakeFramer::Item::none);
    EXPECT_EQ(framer.wanted(), 700u);
    ASSERT_EQ(*framer.feed(std::string(699, 'x')), ClientHandshakeFramer::Item::none);
    EXPECT_EQ(framer.wanted(), 1u);
    ASSERT_EQ(*framer.feed("y"), ClientHandshakeFramer::Item::token);
    EXPECT_EQ(framer.take_token(), std::string(699, 'x') + "y");
    EXPECT_EQ(framer.wanted(), 12u) << "then the next token's header";
}

TEST(ClientHandshakeFramer, WholeItemsAtOnceGiveTheSameTokens) {
    ClientHandshakeFramer framer;
    Fed fed = feed_in_pieces(framer, "*TLEN00000003abc", 4096, 1);
    ASSERT_FALSE(fed.error);
    EXPECT_EQ(fed.items, (std::vector<std::string>{"*", "abc"}));
}

TEST(ClientHandshakeFramer, AClientWithoutHandshakeIsRefusedAsTheBlockingReaderDoes) {
    ClientHandshakeFramer framer;
    Fed fed = feed_in_pieces(framer, "DIST00000001", 4096, 0);
    ASSERT_TRUE(fed.error);
    EXPECT_EQ(fed.error->code, ExitCode::gssapi_failed);
    EXPECT_EQ(fed.error->message, "No client handshake - did the client require authentication?");
}

TEST(ClientHandshakeFramer, BadLengthsAndOtherTokensAreRefused) {
    for (std::string_view header : {"TLEN00000000", "TLEN7fffffff"}) {
        ClientHandshakeFramer framer;
        Fed fed = feed_in_pieces(framer, "*" + std::string(header), 5, 1);
        ASSERT_TRUE(fed.error) << header;
        EXPECT_EQ(fed.error->code, ExitCode::io_error) << header;
        EXPECT_NE(fed.error->message.find("Malformed token length"), std::string::npos);
    }
    ClientHandshakeFramer framer;
    Fed fed = feed_in_pieces(framer, "*DIST00000001", 5, 1);
    ASSERT_TRUE(fed.error);
    EXPECT_EQ(fed.error->code, ExitCode::protocol_error);
}

TEST(ClientHandshakeFramer, TheLargestTokenIsAccepted) {
    ClientHandshakeFramer framer;
    ASSERT_TRUE(framer.feed("*").ok());
    ASSERT_TRUE(framer.feed("TLEN00100000").ok());
    EXPECT_EQ(framer.wanted(), k_max_token_size);
}
