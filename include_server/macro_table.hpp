// SPDX-License-Identifier: GPL-2.0-or-later
// The macro table of one generation (doc/include-server.md, "Computed includes"):
// every #define seen in any scanned file plus the -DNAME=VALUE options of every
// request.  A name may have several definitions and all of them count as possible,
// because #if is never evaluated.  Unlike upstream, a definition that is already in
// the table is not added again: upstream appends a copy for every request that
// repeats a -D option, which changes no result and makes evaluation slower with
// every compile.  Not thread-safe (owned by the analysis under its lock).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"

namespace dcc::include_server {

struct MacroDefinition {
    bool function_like = false;
    std::vector<std::string> params;  // function-like only; blanks trimmed
    std::string body;                 // empty for "#define NAME"
    bool operator==(const MacroDefinition&) const = default;
};

// A parsed macro head: "NAME" or "NAME(a, b)" (blanks allowed before the '(' as in
// upstream's MACRO_EXPR).  "Unexpected macro definition with LHS: '...'." when the
// head is anything else.
struct MacroHead {
    std::string name;
    bool function_like = false;
    std::vector<std::string> params;
};
Result<MacroHead> parse_macro_head(std::string_view head);

class MacroTable {
public:
    // Enter a definition.  Returns the macro's name when the table changed (a new
    // definition), nullopt when it was already there.
    Result<std::optional<std::string>> add(std::string_view head, std::optional<std::string_view> value);

    const std::vector<MacroDefinition>* find(std::string_view name) const {
        auto it = m_table.find(name);
        return it == m_table.end() ? nullptr : &it->second;
    }
    std::size_t names() const { return m_table.size(); }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, std::vector<MacroDefinition>, Hash, std::equal_to<>> m_table;
};

}  // namespace dcc::include_server
