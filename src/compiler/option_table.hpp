// SPDX-License-Identifier: GPL-2.0-or-later
// Sorted option tables and their lookup, shared by the argument scanner, the
// local-argument stripper and the other argv rewriters of this layer.  A table maps an
// option spelling, matched exactly or as a prefix, to whatever the caller's Action
// type says; each table is sorted so that a unit test can check it and lookups stay
// cheap.  Nothing here knows any particular option.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>

namespace dcc::compiler {

// How an entry's name is compared with a word.  `exact` sorts before `prefix`.
enum class Match : std::uint8_t { exact, prefix };

template <typename Action>
struct OptionRule {
    std::string_view name;  // at least two characters, e.g. "-o", "-fprofile-use"
    Match match;
    Action action;
};

// Ordering of a well-formed table: by name, then exact before prefix.
template <typename Action>
constexpr bool rule_less(const OptionRule<Action>& a, const OptionRule<Action>& b) {
    if (a.name != b.name) return a.name < b.name;
    return a.match < b.match;
}

// True when the table is strictly sorted by rule_less (so no rule is listed twice)
// and every name has at least two characters (the lookup below relies on that).
template <typename Action>
constexpr bool is_well_formed(std::span<const OptionRule<Action>> table) {
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].name.size() < 2) return false;
        if (i > 0 && !rule_less(table[i - 1], table[i])) return false;
    }
    return true;
}

// The rule for `word`: an exact rule equal to the word wins; otherwise the longest
// prefix rule that starts the word; nullptr when none applies.  This reproduces
// upstream's if-else chains, in which every exact test and every longer prefix is
// tried before a shorter prefix (e.g. "-MD" allowed, "-MF..." allowed, other "-M..."
// local).
template <typename Action>
const OptionRule<Action>* find_option(std::span<const OptionRule<Action>> table, std::string_view word) {
    if (word.size() < 2) return nullptr;
    // Every candidate is a prefix of `word` of length >= 2, so it sorts between
    // word.substr(0, 2) and word; walking backwards from the end of that range meets
    // the longest candidate first.
    auto end = std::upper_bound(table.begin(), table.end(), word,
                                [](std::string_view w, const OptionRule<Action>& r) { return w < r.name; });
    const std::string_view lowest = word.substr(0, 2);
    const OptionRule<Action>* longest_prefix = nullptr;
    for (auto it = end; it != table.begin();) {
        --it;
        if (it->name < lowest) break;
        if (!word.starts_with(it->name)) continue;
        if (it->match == Match::exact) {
            if (it->name.size() == word.size()) return &*it;
        } else if (!longest_prefix) {
            longest_prefix = &*it;
            // A same-named exact rule (sorted just before) still wins on equality.
            if (it->name.size() < word.size()) return longest_prefix;
        }
    }
    return longest_prefix;
}

}  // namespace dcc::compiler
