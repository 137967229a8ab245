// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the token table and 12-byte headers (src/proto/token.cpp).
#include "proto/token.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <set>

using namespace dcc;
using namespace dcc::proto;

TEST(TokenTable, ConsistentWithTheEnum) {
    std::set<std::string> seen;
    for (int i = 0; i <= static_cast<int>(Token::tlen); ++i) {
        auto t = static_cast<Token>(i);
        const TokenInfo& info = token_info(t);
        EXPECT_EQ(info.token, t);
        EXPECT_EQ(std::strlen(info.text), 4u);
        EXPECT_TRUE(seen.insert(info.text).second);
        EXPECT_EQ(token_from_text(info.text), t);
        if (info.compressed) {
            EXPECT_TRUE(info.has_body) << info.text;
        }
    }
}

TEST(TokenTable, OnlyBulkItemsAreCompressed) {
    for (Token t : {Token::doti, Token::file, Token::serr, Token::sout, Token::doto, Token::dotd})
        EXPECT_TRUE(token_info(t).compressed);
    for (Token t : {Token::argv, Token::cdir, Token::name, Token::link, Token::tlen})
        EXPECT_FALSE(token_info(t).compressed);
}

TEST(Header, EncodesLowerCaseHex) {
    auto h = encode_header(Token::doto, 0x1f2);
    EXPECT_EQ(std::string(h.data(), h.size()), "DOTO000001f2");
    auto max = encode_header(Token::stat, 0xffffffffu);
    EXPECT_EQ(std::string(max.data(), max.size()), "STATffffffff");
}

TEST(Header, DecodeAcceptsUpperCaseDigits) {
    auto v = decode_header("DOTO000001F2", Token::doto);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, 0x1f2u);
}

TEST(Header, DecodeRejectsWhatStrtoulWouldAccept) {
    for (const char* bad : {"DIST+0000001", "DIST-0000001", "DIST0x000001", "DIST  000001", "DIST0000000g"}) {
        auto v = decode_header(bad, Token::dist);
        ASSERT_FALSE(v.ok()) << bad;
        EXPECT_EQ(v.error().code, ExitCode::protocol_error);
    }
}

TEST(Header, WrongTokenIsDerailment) {
    auto v = decode_header("DONE00000001", Token::dist);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ExitCode::protocol_error);
    EXPECT_NE(v.error().message.find("protocol derailment"), std::string::npos);
}
