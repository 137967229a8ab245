// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of source_names.hpp (doc/protocol.md §16.7).
#include "compiler/source_names.hpp"

#include <algorithm>
#include <unordered_set>

#include "common/strings.hpp"

namespace dcc::compiler {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The quoted name starting at text[at] == '"', unescaped; nullopt when unterminated
// on its line or holding a NUL.
std::optional<std::string> quoted_name(std::string_view line, std::size_t at) {
    std::string name;
    for (std::size_t i = at + 1; i < line.size(); ++i) {
        char c = line[i];
        if (c == '"') {
            if (name.find('\0') != std::string::npos) return std::nullopt;
            return name;
        }
        if (c != '\\' || i + 1 == line.size()) {
            name += c;
            continue;
        }
        char next = line[++i];
        if (next >= '0' && next <= '7') {
            int value = 0;
            for (int n = 0; n < 3 && i < line.size() && line[i] >= '0' && line[i] <= '7'; ++n, ++i)
                value = value * 8 + (line[i] - '0');
            --i;
            name += static_cast<char>(value & 0xff);
        } else {
            name += next;
        }
    }
    return std::nullopt;
}

// The name of a line marker, nullopt for any other line.
std::optional<std::string> marker_name(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size() || line[i] != '#') return std::nullopt;
    ++i;
    while (i < line.size() && is_blank(line[i])) ++i;
    if (line.substr(i, 4) == "line") {
        i += 4;
        if (i == line.size() || !is_blank(line[i])) return std::nullopt;
        while (i < line.size() && is_blank(line[i])) ++i;
    }
    if (i == line.size() || !is_digit(line[i])) return std::nullopt;
    while (i < line.size() && is_digit(line[i])) ++i;
    if (i == line.size() || !is_blank(line[i])) return std::nullopt;
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size() || line[i] != '"') return std::nullopt;
    return quoted_name(line, i);
}

std::vector<std::string_view> components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = path.find('/', start);
        parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) return parts;
        start = slash + 1;
    }
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
    return out;
}

std::vector<std::string> nested_parts(std::size_t depth) {
    std::vector<std::string> parts;
    for (std::size_t level = 1; level <= depth; ++level) parts.push_back("d" + std::to_string(level));
    return parts;
}

}  // namespace

Result<std::vector<std::string>> line_marker_names(std::string_view text, const SourceNameLimits& limits) {
    std::vector<std::string> names;
    std::unordered_set<std::string> seen;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
        start = end == std::string_view::npos ? text.size() : end + 1;
        auto name = marker_name(line);
        if (!name || seen.contains(*name)) continue;
        if (name->size() > limits.max_length)
            return make_error(ExitCode::protocol_error,
                              strings::format("a line marker names a source of %zu bytes (at most %zu)", name->size(),
                                              limits.max_length));
        if (names.size() == limits.max_names)
            return make_error(ExitCode::protocol_error,
                              strings::format("the line markers name more than %zu sources", limits.max_names));
        seen.insert(*name);
        names.push_back(std::move(*name));
    }
    return names;
}

bool needs_placeholder(std::string_view name) {
    if (name.empty() || name.front() == '/') return false;
    return !(name.front() == '<' && name.back() == '>');
}

std::size_t climb_of(std::string_view relative) {
    long depth = 0;
    long lowest = 0;
    for (std::string_view part : components(relative)) {
        if (part.empty() || part == ".") continue;
        depth += part == ".." ? -1 : 1;
        lowest = std::min(lowest, depth);
    }
    return static_cast<std::size_t>(-lowest);
}

std::string nested_cwd(std::size_t depth) { return joined(nested_parts(depth)); }

std::optional<Placement> place_in_job(std::string_view relative, std::size_t depth) {
    std::vector<std::string_view> parts = components(relative);
    std::string_view file = parts.back();
    if (file.empty() || file == "." || file == "..") return std::nullopt;
    parts.pop_back();
    std::vector<std::string> where = nested_parts(depth);
    Placement placement;
    for (std::string_view part : parts) {
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (where.empty()) return std::nullopt;
            where.pop_back();
            continue;
        }
        where.emplace_back(part);
        placement.directories.push_back(joined(where));
    }
    where.emplace_back(file);
    placement.file = joined(where);
    return placement;
}

}  // namespace dcc::compiler
