// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/option_table and the consistency of every option table of the
// layer (sorted, no duplicates, names long enough for the lookup).
#include "compiler/option_table.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "compiler/client_argv.hpp"
#include "compiler/scan_args.hpp"
#include "compiler/server_argv.hpp"

namespace dcc::compiler {
namespace {

constexpr std::array<OptionRule<int>, 7> k_sample = {{
    {"-M", Match::prefix, 1},
    {"-MD", Match::exact, 2},
    {"-MF", Match::exact, 3},
    {"-MF", Match::prefix, 4},
    {"-o", Match::exact, 5},
    {"-o", Match::prefix, 6},
    {"-oops", Match::exact, 7},
}};

int lookup(std::string_view word) {
    const OptionRule<int>* rule = find_option<int>(k_sample, word);
    return rule ? rule->action : 0;
}

TEST(OptionTable, ExactBeatsPrefixAndLongestPrefixWins) {
    static_assert(is_well_formed<int>(k_sample));
    EXPECT_EQ(lookup("-M"), 1);
    EXPECT_EQ(lookup("-MM"), 1);
    EXPECT_EQ(lookup("-MD"), 2);
    EXPECT_EQ(lookup("-MDx"), 1);  // exact rules never match longer words
    EXPECT_EQ(lookup("-MF"), 3);
    EXPECT_EQ(lookup("-MFfile"), 4);
    EXPECT_EQ(lookup("-MG"), 1);
    EXPECT_EQ(lookup("-MZZZZ"), 1);
    EXPECT_EQ(lookup("-o"), 5);
    EXPECT_EQ(lookup("-ofile"), 6);
    EXPECT_EQ(lookup("-oops"), 7);
    EXPECT_EQ(lookup("-oopsy"), 6);
    EXPECT_EQ(lookup("-N"), 0);
    EXPECT_EQ(lookup("-"), 0);
    EXPECT_EQ(lookup(""), 0);
    EXPECT_EQ(lookup("M"), 0);
    EXPECT_EQ(lookup("-A"), 0);
    EXPECT_EQ(lookup("-z"), 0);
}

TEST(OptionTable, WellFormedRejectsDisorderDuplicatesAndShortNames) {
    constexpr std::array<OptionRule<int>, 2> unsorted = {{{"-b", Match::exact, 0}, {"-a", Match::exact, 0}}};
    constexpr std::array<OptionRule<int>, 2> duplicate = {{{"-a", Match::exact, 0}, {"-a", Match::exact, 0}}};
    constexpr std::array<OptionRule<int>, 2> prefix_first = {{{"-a", Match::prefix, 0}, {"-a", Match::exact, 0}}};
    constexpr std::array<OptionRule<int>, 1> too_short = {{{"-", Match::prefix, 0}}};
    EXPECT_FALSE(is_well_formed<int>(unsorted));
    EXPECT_FALSE(is_well_formed<int>(duplicate));
    EXPECT_FALSE(is_well_formed<int>(prefix_first));
    EXPECT_FALSE(is_well_formed<int>(too_short));
}

TEST(OptionTable, ScannerTableIsConsistent) {
    auto table = scan_option_table();
    EXPECT_TRUE(is_well_formed(table));
    for (const auto& rule : table) {
        SCOPED_TRACE(std::string(rule.name));
        EXPECT_EQ(rule.name[0], '-');
        // Options that take an argument only make sense as exact words.
        const bool takes_argument =
            rule.action.action == ScanAction::allowed_skip_next || rule.action.action == ScanAction::output_next;
        if (takes_argument) {
            EXPECT_EQ(rule.match, Match::exact);
        }
        if (rule.action.action == ScanAction::output_joined) {
            EXPECT_EQ(rule.match, Match::prefix);
        }
    }
    // Every entry is found for its own spelling, so no rule is shadowed.
    for (const auto& rule : table) {
        std::string word(rule.name);
        if (rule.match == Match::prefix) word += "zz";
        const auto* found = find_option(table, word);
        ASSERT_NE(found, nullptr) << word;
        EXPECT_EQ(found, &rule) << word;
    }
}

TEST(OptionTable, StripTableIsConsistent) {
    auto table = strip_option_table();
    EXPECT_TRUE(is_well_formed(table));
    for (const auto& rule : table) {
        SCOPED_TRACE(std::string(rule.name));
        EXPECT_EQ(rule.name[0], '-');
        if (rule.action == StripAction::drop_with_argument) {
            EXPECT_EQ(rule.match, Match::exact);
        }
        std::string word(rule.name);
        if (rule.match == Match::prefix) word += "zz";
        EXPECT_EQ(find_option(table, word), &rule) << word;
    }
    // The -stdlib QUIRK is fixed: nothing in the table removes it.
    EXPECT_EQ(find_option(table, "-stdlib=libc++"), nullptr);
}

TEST(OptionTable, RerootOptionsKeepUpstreamOrder) {
    auto options = reroot_include_options();
    ASSERT_EQ(options.size(), 9u);
    std::set<std::string_view> unique(options.begin(), options.end());
    EXPECT_EQ(unique.size(), options.size());
    auto position = [&](std::string_view name) {
        for (std::size_t i = 0; i < options.size(); ++i)
            if (options[i] == name) return i;
        return options.size();
    };
    // The compatibility QUIRK depends on this order.
    EXPECT_LT(position("-iwithprefix"), position("-iwithprefixbefore"));
    EXPECT_EQ(options[0], "-I");
    EXPECT_EQ(options[8], "-iquote");
}

}  // namespace
}  // namespace dcc::compiler
