// SPDX-License-Identifier: GPL-2.0-or-later
// Directive scanning as upstream's ParseFile does it, written as a byte scanner
// instead of regular expressions.  Each '#' is a candidate; it starts a directive
// when the text before it on its line is blanks, an optional closing "*/", blanks, an
// optional run of /*...*/ comments and blanks (upstream's POUND_SIGN_RE), and a
// keyword follows.  Departures from upstream, all towards finding more files (see
// doc/include-server.md): quoted and angled paths may hold any byte but the closing
// delimiter (upstream refuses blanks and most punctuation, which turns such
// includes into unresolvable "computed" ones); a function-like #define needs its
// '(' right after the name, as in cpp; a comment may sit between '#' and the
// keyword; and every qualifying '#' on a line is read, where upstream's
// backtracking reads only the last.
#include "include_server/directive_scanner.hpp"

#include <cstring>

#include "include_server/char_classes.hpp"

namespace dcc::include_server {
namespace {

enum class Keyword { none, define, include_next, include, import };

struct KeywordRow {
    std::string_view text;
    Keyword keyword;
};

// include_next before include: both start with "include".
constexpr KeywordRow k_keywords[] = {
    {"define", Keyword::define}, {"include_next", Keyword::include_next},
    {"include", Keyword::include}, {"import", Keyword::import},
};

// The keyword at `text` (after the '#' and its blanks), as a whole word.
Keyword keyword_at(std::string_view text, std::size_t& length) {
    for (const KeywordRow& row : k_keywords) {
        if (!text.starts_with(row.text)) continue;
        if (text.size() > row.text.size() && is_word_byte(text[row.text.size()])) continue;
        length = row.text.size();
        return row.keyword;
    }
    return Keyword::none;
}

// Whether the text between the start of a line and a '#' lets the '#' start a
// directive: [ \t]* ("*/")? [ \t]* ("/*" ... "*/")? [ \t]* -- the optional middle
// part being any text that starts with "/*" and ends with "*/" (upstream's run of
// comments, whose bodies may contain anything but a newline).
bool prefix_allows_directive(std::string_view prefix) {
    std::size_t i = 0;
    while (i < prefix.size() && is_blank(prefix[i])) ++i;
    if (prefix.substr(i, 2) == "*/") i += 2;
    while (i < prefix.size() && is_blank(prefix[i])) ++i;
    std::size_t end = prefix.size();
    while (end > i && is_blank(prefix[end - 1])) --end;
    std::string_view middle = prefix.substr(i, end - i);
    if (middle.empty()) return true;
    return middle.size() >= 4 && middle.starts_with("/*") && middle.ends_with("*/");
}

// Past blanks and /*...*/ comments on the same line, from `pos` (upstream stops at
// the first comment and so misses "#/**/include"; cpp does not).
std::size_t skip_blanks_and_comments(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        if (is_blank(text[pos])) {
            ++pos;
        } else if (text.substr(pos, 2) == "/*") {
            std::size_t close = text.find("*/", pos + 2);
            std::size_t newline = text.find('\n', pos);
            if (close == std::string_view::npos || close > newline) return pos;
            pos = close + 2;
        } else {
            break;
        }
    }
    return pos;
}

// The end of the logical line that starts at `from`: the first newline that does not
// follow a backslash (or the end of the contents).
std::size_t logical_line_end(std::string_view contents, std::size_t from) {
    std::size_t pos = from;
    while (true) {
        const void* hit = std::memchr(contents.data() + pos, '\n', contents.size() - pos);
        if (!hit) return contents.size();
        std::size_t nl = static_cast<const char*>(hit) - contents.data();
        if (nl == from || contents[nl - 1] != '\\') return nl;
        pos = nl + 1;
    }
}

// Where a trailing comment starts ("//" or "/*"), or npos.
std::size_t comment_start(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*')) return i;
    return std::string_view::npos;
}

std::string_view trim_right_spaces(std::string_view text) {
    while (!text.empty() && is_space_byte(text.back())) text.remove_suffix(1);
    return text;
}

std::string_view skip_spaces(std::string_view text) {
    while (!text.empty() && is_space_byte(text.front())) text.remove_prefix(1);
    return text;
}

// A "path" or <path> at the start of `text`: the path (which may be empty), or
// nullopt when the delimiters are not there.
std::optional<std::string_view> delimited_path(std::string_view text) {
    if (text.empty() || (text[0] != '"' && text[0] != '<')) return std::nullopt;
    char close = text[0] == '"' ? '"' : '>';
    std::size_t end = text.find(close, 1);
    if (end == std::string_view::npos) return std::nullopt;
    return text.substr(1, end - 1);
}

void add_include(ScanResult& out, Keyword keyword, std::string_view rest) {
    rest = skip_spaces(rest);
    if (auto path = delimited_path(rest)) {
        if (path->empty()) return;  // upstream finds nothing to do with "" and <>
        if (keyword == Keyword::include_next)
            out.next_includes.emplace_back(*path);
        else if (rest[0] == '"')
            out.quote_includes.emplace_back(*path);
        else
            out.angle_includes.emplace_back(*path);
        return;
    }
    // A computed #include_next is ignored, as upstream does.
    if (keyword == Keyword::include_next) return;
    std::string_view expr = rest.substr(0, std::min(rest.size(), comment_start(rest)));
    expr = trim_right_spaces(expr);
    if (!expr.empty()) out.expr_includes.emplace_back(expr);
}

void add_define(ScanResult& out, std::string_view rest) {
    if (rest.empty() || !is_space_byte(rest[0])) return;  // "define" needs \s+ after it
    rest = skip_spaces(rest);
    std::size_t name_end = 0;
    while (name_end < rest.size() && is_word_byte(rest[name_end])) ++name_end;
    if (name_end == 0) return;
    std::size_t head_end = name_end;
    if (name_end < rest.size() && rest[name_end] == '(') {
        std::size_t close = rest.find_first_of("()", name_end + 1);
        if (close != std::string_view::npos && rest[close] == ')') head_end = close + 1;
    }
    DefineLine line{std::string(rest.substr(0, head_end)), std::nullopt};
    std::string_view value = skip_spaces(rest.substr(head_end));
    value = trim_right_spaces(value.substr(0, std::min(value.size(), comment_start(value))));
    if (!value.empty()) line.value = std::string(value);
    out.defines.push_back(std::move(line));
}

// Interpret one directive (from its '#' to the end of its logical line).
void interpret(ScanResult& out, std::string_view raw) {
    std::string cleaned = clean_directive(raw);
    std::string_view text = cleaned;
    text.remove_prefix(1);  // '#'
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    std::size_t length = 0;
    Keyword keyword = keyword_at(text, length);
    if (keyword == Keyword::none) return;  // a comment removal can break the keyword
    std::string_view rest = text.substr(length);
    if (keyword == Keyword::define)
        add_define(out, rest);
    else
        add_include(out, keyword, rest);
}

}  // namespace

std::string clean_directive(std::string_view raw) {
    std::string joined;
    joined.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '\n') {
            ++i;
            continue;
        }
        joined += raw[i];
    }
    if (joined.find("/*") == std::string::npos) return joined;
    std::string out;
    out.reserve(joined.size());
    std::size_t pos = 0;
    while (pos < joined.size()) {
        std::size_t open = joined.find("/*", pos);
        if (open == std::string::npos) break;
        std::size_t close = joined.find("*/", open + 2);
        if (close == std::string::npos) break;
        out.append(joined, pos, open - pos);
        pos = close + 2;
    }
    out.append(joined, pos, std::string::npos);
    return out;
}

ScanResult scan_directives(std::string_view contents) {
    ScanResult out;
    const char* base = contents.data();
    std::size_t pos = 0;
    std::size_t line_start = 0;  // start of the line holding the last '#' examined
    std::size_t scanned_to = 0;  // line_start is valid for '#'s before this point
    while (pos < contents.size()) {
        const void* hit = std::memchr(base + pos, '#', contents.size() - pos);
        if (!hit) break;
        std::size_t hash = static_cast<const char*>(hit) - base;
        pos = hash + 1;
        // Find the start of the physical line holding this '#'.
        const void* nl = hash > scanned_to ? memrchr(base + scanned_to, '\n', hash - scanned_to) : nullptr;
        if (nl) line_start = static_cast<const char*>(nl) - base + 1;
        scanned_to = hash;
        if (!prefix_allows_directive(contents.substr(line_start, hash - line_start))) continue;
        std::size_t after = skip_blanks_and_comments(contents, hash + 1);
        std::size_t length = 0;
        if (keyword_at(contents.substr(after, 13), length) == Keyword::none) continue;
        std::size_t end = logical_line_end(contents, hash);
        interpret(out, contents.substr(hash, end - hash));
    }
    return out;
}

}  // namespace dcc::include_server
