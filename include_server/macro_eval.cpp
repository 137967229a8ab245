// SPDX-License-Identifier: GPL-2.0-or-later
// Set-valued macro expansion, after upstream's _EvalExprHelper: find the first
// identifier; if it is a macro, the result is the unexpanded text plus, for every
// definition, the expansion rescanned with the macro disabled and followed by
// every value of the rest.  Where upstream departs from cpp in ways that lose the
// file cpp would include, we follow cpp (doc/include-server.md lists each): blanks
// may separate a function-like macro from its '(', arguments and parameters are
// trimmed, "#param" stringifies the whole argument, "a ## b" pastes without the
// blanks, nothing inside string or character literals is expanded, variadic macros
// bind __VA_ARGS__, and the text after a disabled macro is still expanded.
#include "include_server/macro_eval.hpp"

#include <algorithm>
#include <unordered_set>

#include "include_server/char_classes.hpp"
#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

// Nesting of eval() (one level per macro expansion rescanned and per identifier of
// the text after it): deeper expressions are not covered rather than overflowing
// the stack (doc/include-server.md, "Computed includes").
constexpr int k_max_depth = 256;

// The index just past the string or character literal starting at `i`.
std::size_t skip_literal(std::string_view text, std::size_t i) {
    char quote = text[i];
    for (++i; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == quote) {
            return i + 1;
        }
    }
    return text.size();
}

// [start, end) of the first identifier outside literals; start == npos if none.
std::pair<std::size_t, std::size_t> first_identifier(std::string_view text, std::size_t from = 0) {
    for (std::size_t i = from; i < text.size();) {
        char c = text[i];
        if (c == '"' || c == '\'') {
            i = skip_literal(text, i);
        } else if (is_word_byte(c)) {
            std::size_t j = i;
            while (j < text.size() && is_word_byte(text[j])) ++j;
            return {i, j};
        } else {
            ++i;
        }
    }
    return {std::string_view::npos, std::string_view::npos};
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space_byte(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space_byte(text.back())) text.remove_suffix(1);
    return text;
}

struct Arguments {
    std::vector<std::string_view> values;
    std::size_t end = 0;  // just past the ')'
};

// A parenthesised, comma-separated argument list at `pos` (after optional blanks).
std::optional<Arguments> parse_arguments(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_space_byte(text[pos])) ++pos;
    if (pos >= text.size() || text[pos] != '(') return std::nullopt;
    Arguments out;
    int depth = 0;
    std::size_t start = pos + 1;
    for (std::size_t i = pos; i < text.size();) {
        char c = text[i];
        if (c == '"' || c == '\'') {
            i = skip_literal(text, i);
            continue;
        }
        if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            out.values.push_back(text.substr(start, i - start));
            out.end = i + 1;
            return out;
        } else if (c == ',' && depth == 1) {
            out.values.push_back(text.substr(start, i - start));
            start = i + 1;
        }
        ++i;
    }
    return std::nullopt;
}

std::string stringify(std::string_view value) {
    std::string out = "\"";
    bool blank = false;
    for (char c : trim(value)) {
        if (is_space_byte(c)) {
            blank = true;
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Remove "##" and the blanks around it.
std::string paste(std::string text) {
    std::size_t hash = text.find("##");
    if (hash == std::string::npos) return text;
    std::string out;
    std::size_t pos = 0;
    while (hash != std::string::npos) {
        std::size_t left = hash;
        while (left > pos && is_space_byte(text[left - 1])) --left;
        out.append(text, pos, left - pos);
        pos = hash + 2;
        while (pos < text.size() && is_space_byte(text[pos])) ++pos;
        hash = text.find("##", pos);
    }
    out.append(text, pos, std::string::npos);
    return out;
}

// The parameter names of a definition, with a variadic tail named __VA_ARGS__
// ("...") or by its own name ("args...").
struct Parameters {
    std::vector<std::string_view> names;
    bool variadic = false;
};

Parameters parameters_of(const MacroDefinition& definition) {
    Parameters out;
    for (const std::string& param : definition.params) out.names.emplace_back(param);
    if (!out.names.empty() && out.names.back().ends_with("...")) {
        std::string_view last = out.names.back();
        last.remove_suffix(3);
        out.names.back() = trim(last).empty() ? std::string_view("__VA_ARGS__") : trim(last);
        out.variadic = true;
    }
    return out;
}

// The raw arguments bound to the parameters, or nullopt when the counts disagree.
std::optional<std::vector<std::string>> bind(const Parameters& params, const Arguments& args) {
    std::size_t fixed = params.variadic ? params.names.size() - 1 : params.names.size();
    if (params.variadic ? args.values.size() < fixed : args.values.size() != fixed) return std::nullopt;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < fixed; ++i) out.emplace_back(trim(args.values[i]));
    if (params.variadic) {
        std::string rest;
        for (std::size_t i = fixed; i < args.values.size(); ++i) {
            if (i > fixed) rest += ',';
            rest += args.values[i];
        }
        out.emplace_back(trim(rest));
    }
    return out;
}

int param_index(const Parameters& params, std::string_view word) {
    for (std::size_t i = 0; i < params.names.size(); ++i)
        if (!params.names[i].empty() && params.names[i] == word) return static_cast<int>(i);
    return -1;
}

// The body with every parameter replaced by its chosen value ("#param" by the value
// in quotes), then pasted.
std::string substitute(std::string_view body, const Parameters& params, const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < body.size();) {
        char c = body[i];
        if (c == '"' || c == '\'') {
            std::size_t end = skip_literal(body, i);
            out.append(body, i, end - i);
            i = end;
        } else if (c == '#' && (i + 1 >= body.size() || body[i + 1] != '#') && (i == 0 || body[i - 1] != '#')) {
            std::size_t j = i + 1;
            while (j < body.size() && is_space_byte(body[j])) ++j;
            auto [start, end] = first_identifier(body, j);
            int index = start == j ? param_index(params, body.substr(start, end - start)) : -1;
            if (index < 0) {
                out += c;
                ++i;
                continue;
            }
            out += stringify(values[index]);
            i = end;
        } else if (is_word_byte(c)) {
            std::size_t end = i;
            while (end < body.size() && is_word_byte(body[end])) ++end;
            int index = param_index(params, body.substr(i, end - i));
            out += index < 0 ? std::string(body.substr(i, end - i)) : values[index];
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
    return paste(std::move(out));
}

class Evaluator {
public:
    Evaluator(const MacroTable& table, EvalContext& context) : m_table(table), m_context(context) {}

    using Values = std::vector<std::string>;

    Result<Values> eval(std::string_view expr, const std::vector<std::string_view>& disabled);

private:
    struct Collector {
        Values values;
        std::unordered_set<std::string> seen;
    };

    Status add(Collector& out, std::string value) {
        DCC_TRY(check_length(value.size()));
        if (out.seen.size() >= m_context.max_values)
            return not_covered("Computed include expands to more than " + std::to_string(m_context.max_values) +
                               " possible values");
        if (out.seen.insert(value).second) out.values.push_back(std::move(value));
        return {};
    }

    Status check_length(std::size_t bytes) const {
        if (bytes > m_context.max_value_bytes)
            return not_covered("Computed include expands to a text longer than " +
                               std::to_string(m_context.max_value_bytes) + " bytes");
        return {};
    }

    Status step() {
        if (++m_context.steps % std::max<uint64_t>(m_context.check_interval, 1) == 0 && m_context.check)
            return m_context.check();
        return {};
    }

    // Counts one level of eval() for as long as it lives.
    struct Nesting {
        explicit Nesting(int& depth) : m_depth(depth) { ++m_depth; }
        ~Nesting() { --m_depth; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;
        int& m_depth;
    };

    Status expand_function(Collector& out, std::string_view expr, std::string_view name, std::size_t name_end,
                           const MacroDefinition& definition, const std::vector<std::string_view>& disabled);
    Status rescan(Collector& out, std::string_view before, const std::string& expansion, std::string_view after,
                  std::string_view name, const std::vector<std::string_view>& disabled);

    const MacroTable& m_table;
    EvalContext& m_context;
    int m_depth = 0;
};

Status Evaluator::rescan(Collector& out, std::string_view before, const std::string& expansion, std::string_view after,
                         std::string_view name, const std::vector<std::string_view>& disabled) {
    auto after_values = eval(after, disabled);
    if (!after_values.ok()) return std::move(after_values).error();
    std::vector<std::string_view> inner = disabled;
    inner.push_back(name);
    for (const std::string& tail : *after_values) {
        DCC_TRY(check_length(before.size() + expansion.size() + tail.size()));
        auto values = eval(expansion + tail, inner);
        if (!values.ok()) return std::move(values).error();
        for (const std::string& value : *values) DCC_TRY(add(out, std::string(before) + value));
    }
    return {};
}

Status Evaluator::expand_function(Collector& out, std::string_view expr, std::string_view name, std::size_t name_end,
                                  const MacroDefinition& definition, const std::vector<std::string_view>& disabled) {
    auto args = parse_arguments(expr, name_end);
    if (!args) return {};
    Parameters params = parameters_of(definition);
    auto raw = bind(params, *args);
    if (!raw) return {};
    // Every combination of the arguments' values.
    std::vector<std::vector<std::string>> combinations{{}};
    for (const std::string& arg : *raw) {
        auto values = eval(arg, disabled);
        if (!values.ok()) return std::move(values).error();
        std::vector<std::vector<std::string>> next;
        for (const auto& prefix : combinations)
            for (const std::string& value : *values) {
                if (next.size() >= m_context.max_values)
                    return not_covered("Computed include expands to more than " +
                                       std::to_string(m_context.max_values) + " possible values");
                next.push_back(prefix);
                next.back().push_back(value);
            }
        combinations = std::move(next);
    }
    std::string_view before = expr.substr(0, name_end - name.size());
    for (const auto& values : combinations)
        DCC_TRY(rescan(out, before, substitute(definition.body, params, values), expr.substr(args->end), name,
                       disabled));
    return {};
}

Result<Evaluator::Values> Evaluator::eval(std::string_view expr, const std::vector<std::string_view>& disabled) {
    DCC_TRY(step());
    Nesting nesting(m_depth);
    if (m_depth > k_max_depth)
        return not_covered("Computed include nests macro expansion more than " + std::to_string(k_max_depth) +
                           " levels deep");
    auto [start, end] = first_identifier(expr);
    if (start == std::string_view::npos) return Values{std::string(expr)};
    std::string_view name = expr.substr(start, end - start);
    const std::vector<MacroDefinition>* definitions = m_table.find(name);
    Collector out;
    bool keep_unexpanded = !definitions || definitions->empty() || m_context.unexpanded_functions ||
                           !definitions->front().function_like;
    if (keep_unexpanded) {
        DCC_TRY(add(out, std::string(expr)));
        auto rest = eval(expr.substr(end), disabled);
        if (!rest.ok()) return std::move(rest).error();
        for (const std::string& value : *rest) DCC_TRY(add(out, std::string(expr.substr(0, end)) + value));
    }
    if (!definitions) return std::move(out.values);
    for (std::string_view off : disabled)
        if (off == name) return std::move(out.values);
    for (const MacroDefinition& definition : *definitions) {
        if (definition.function_like)
            DCC_TRY(expand_function(out, expr, name, end, definition, disabled));
        else
            DCC_TRY(rescan(out, expr.substr(0, start), definition.body, expr.substr(end), name, disabled));
    }
    return std::move(out.values);
}

}  // namespace

Result<std::vector<std::string>> evaluate_expression(std::string_view expr, const MacroTable& table,
                                                     EvalContext& context) {
    return Evaluator(table, context).eval(expr, {});
}

std::optional<IncludeForm> include_form(std::string_view value) {
    value = trim(value);
    if (value.size() < 2) return std::nullopt;
    char open = value.front();
    char close = open == '"' ? '"' : open == '<' ? '>' : 0;
    if (close == 0 || value.back() != close) return std::nullopt;
    std::string_view inner = value.substr(1, value.size() - 2);
    if (inner.find(close) != std::string_view::npos) return std::nullopt;
    inner = trim(inner);
    if (inner.empty()) return std::nullopt;
    return IncludeForm{open == '<', std::string(inner)};
}

std::vector<std::string> identifiers(std::string_view value) {
    std::vector<std::string> out;
    for (std::size_t pos = 0;;) {
        auto [start, end] = first_identifier(value, pos);
        if (start == std::string_view::npos) return out;
        out.emplace_back(value.substr(start, end - start));
        pos = end;
    }
}

}  // namespace dcc::include_server
