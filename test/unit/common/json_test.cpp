// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/json.cpp.
#include "common/json.hpp"

#include <gtest/gtest.h>

using dcc::json::quote;

TEST(Json, QuotesAndBackslashesAreEscaped) {
    EXPECT_EQ(quote("a \"b\" c\\d"), "\"a \\\"b\\\" c\\\\d\"");
    EXPECT_EQ(quote(""), "\"\"");
    EXPECT_EQ(quote("\x7f"), "\"\\u007f\"");
}

TEST(Json, StringsAreAlwaysValidJson) {
    EXPECT_EQ(quote("tab\there\n"), "\"tab\\u0009here\\u000a\"");
    EXPECT_EQ(quote("caf\xC3\xA9.c"), "\"caf\xC3\xA9.c\"");
    EXPECT_EQ(quote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
    // Latin-1, a cut sequence, an overlong form and a surrogate are not UTF-8.
    EXPECT_EQ(quote("caf\xE9.c"), "\"caf\xEF\xBF\xBD.c\"");
    EXPECT_EQ(quote("x\xC3"), "\"x\xEF\xBF\xBD\"");
    EXPECT_EQ(quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
