// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for macro heads and the macro table (include_server/macro_table.cpp).
#include "include_server/macro_table.hpp"

#include <gtest/gtest.h>

using namespace dcc::include_server;

TEST(MacroHead, ObjectAndFunctionLike) {
    auto object = parse_macro_head("NAME");
    ASSERT_TRUE(object.ok());
    EXPECT_FALSE(object->function_like);
    auto function = parse_macro_head("F(a, b ,c)");
    ASSERT_TRUE(function.ok());
    EXPECT_TRUE(function->function_like);
    EXPECT_EQ(function->params, (std::vector<std::string>{"a", "b", "c"}));
    auto spaced = parse_macro_head("G (x)");  // upstream's MACRO_EXPR allows the blank
    ASSERT_TRUE(spaced.ok());
    EXPECT_TRUE(spaced->function_like);
    auto empty = parse_macro_head("H()");
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->params, (std::vector<std::string>{""}));
}

TEST(MacroHead, MalformedHeadsAreNotCovered) {
    for (const char* head : {"", "A B", "F(x", "F(a(b))", "F(x) y", "=x"}) {
        auto parsed = parse_macro_head(head);
        ASSERT_FALSE(parsed.ok()) << head;
        EXPECT_EQ(parsed.error().message, std::string("Unexpected macro definition with LHS: '") + head + "'.");
    }
}

TEST(MacroTable, DuplicatesAreNotAddedAgain) {
    MacroTable table;
    auto first = table.add("A", std::string_view("1"));
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, std::optional<std::string>("A"));
    auto again = table.add("A", std::string_view("1"));
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->has_value());
    auto other = table.add("A", std::string_view("2"));
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->has_value());
    ASSERT_NE(table.find("A"), nullptr);
    EXPECT_EQ(table.find("A")->size(), 2u);
    EXPECT_EQ(table.find("B"), nullptr);
}

TEST(MacroTable, EmptyValueAndFunctionLike) {
    MacroTable table;
    ASSERT_TRUE(table.add("E", std::nullopt).ok());
    ASSERT_TRUE(table.add("F(x)", std::string_view("<x.h>")).ok());
    EXPECT_EQ(table.find("E")->front().body, "");
    EXPECT_TRUE(table.find("F")->front().function_like);
    EXPECT_EQ(table.find("F")->front().body, "<x.h>");
}
