// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/strings.cpp.
#include "common/strings.hpp"

#include <gtest/gtest.h>

using namespace dcc::strings;

TEST(Strings, FormatShortAndLong) {
    EXPECT_EQ(format("%s-%d", "a", 7), "a-7");
    std::string big(1000, 'x');
    EXPECT_EQ(format("<%s>", big.c_str()), "<" + big + ">");
}

TEST(Strings, SplitAnyDropsEmptyPieces) {
    EXPECT_EQ(split_any("  a b\t\tc\n", " \t\n"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(split_any("   ", " ").empty());
}

TEST(Strings, ParseIntIsStrict) {
    EXPECT_EQ(parse_int("42"), 42);
    EXPECT_EQ(parse_int("-3"), -3);
    EXPECT_EQ(parse_int("+5"), 5);
    EXPECT_FALSE(parse_int(""));
    EXPECT_FALSE(parse_int("4x"));
    EXPECT_FALSE(parse_int(" 4"));
    EXPECT_FALSE(parse_int("99999999999999999999"));
    EXPECT_EQ(parse_int("-9223372036854775808"), INT64_MIN);
}

TEST(Strings, AtoiLikeMatchesC) {
    EXPECT_EQ(atoi_like("  12abc"), 12);
    EXPECT_EQ(atoi_like("abc"), 0);
    EXPECT_EQ(atoi_like("-7"), -7);
}

TEST(Strings, ReplaceAll) {
    EXPECT_EQ(replace_all("/r/a /r/b", "/r", ""), "/a /b");
    EXPECT_EQ(replace_all("aaa", "a", "bb"), "bbbbbb");
}

TEST(Strings, PrintablePrefixStopsAtBinary) {
    EXPECT_EQ(printable_prefix(std::string("DONE\x01zz", 7), 100), "DONE");
    EXPECT_EQ(printable_prefix("abcdef", 3), "abc");
}

TEST(Strings, EscapeControlMakesEveryControlCharacterVisible) {
    EXPECT_EQ(escape_control("plain text, UTF-8 \xc3\xa9 kept"), "plain text, UTF-8 \xc3\xa9 kept");
    EXPECT_EQ(escape_control("a\nb\rc\td"), "a\\nb\\rc\\td");
    EXPECT_EQ(escape_control(std::string("\x00\x01\x1b\x1f\x7f", 5)), "\\x00\\x01\\x1b\\x1f\\x7f");
    EXPECT_EQ(escape_control("back\\slash"), "back\\slash");
    EXPECT_EQ(escape_control(""), "");
    for (int c = 0; c < 256; ++c) {
        std::string escaped = escape_control(std::string(1, static_cast<char>(c)));
        for (char e : escaped) EXPECT_FALSE(static_cast<unsigned char>(e) < 0x20 || e == 0x7f) << c;
    }
}
