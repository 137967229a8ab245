// SPDX-License-Identifier: GPL-2.0-or-later
// Macro heads and the table (upstream's InsertMacroDefInTable in parse_file.py).
#include "include_server/macro_table.hpp"

#include "include_server/char_classes.hpp"
#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space_byte(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space_byte(text.back())) text.remove_suffix(1);
    return text;
}

Error unexpected_head(std::string_view head) {
    return not_covered("Unexpected macro definition with LHS: '" + std::string(head) + "'.");
}

}  // namespace

Result<MacroHead> parse_macro_head(std::string_view head) {
    std::size_t name_end = 0;
    while (name_end < head.size() && is_word_byte(head[name_end])) ++name_end;
    if (name_end == 0) return unexpected_head(head);
    MacroHead out;
    out.name = std::string(head.substr(0, name_end));
    if (name_end == head.size()) return out;
    std::string_view rest = trim(head.substr(name_end));
    // (params): no parenthesis inside, and nothing after the closing one.
    if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') return unexpected_head(head);
    std::string_view params = rest.substr(1, rest.size() - 2);
    if (params.find_first_of("()") != std::string_view::npos) return unexpected_head(head);
    out.function_like = true;
    std::size_t pos = 0;
    while (true) {
        std::size_t comma = params.find(',', pos);
        out.params.emplace_back(trim(params.substr(pos, comma == std::string_view::npos ? comma : comma - pos)));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return out;
}

Result<std::optional<std::string>> MacroTable::add(std::string_view head, std::optional<std::string_view> value) {
    // Every request repeats its -D options: an object-like definition already in
    // the table is recognised without building one.
    std::string_view body = value ? *value : std::string_view();
    if (auto known = m_table.find(head); known != m_table.end())
        for (const MacroDefinition& existing : known->second)
            if (!existing.function_like && existing.body == body) return std::optional<std::string>();
    auto parsed = parse_macro_head(head);
    if (!parsed.ok()) return std::move(parsed).error();
    MacroDefinition definition{parsed->function_like, std::move(parsed->params),
                               std::string(value ? *value : std::string_view())};
    auto it = m_table.find(parsed->name);
    if (it == m_table.end()) it = m_table.emplace(parsed->name, std::vector<MacroDefinition>()).first;
    for (const MacroDefinition& existing : it->second)
        if (existing == definition) return std::optional<std::string>();
    it->second.push_back(std::move(definition));
    return std::optional<std::string>(std::move(parsed->name));
}

}  // namespace dcc::include_server
