// SPDX-License-Identifier: GPL-2.0-or-later
// Small string helpers shared by every layer: printf-style formatting (g++ 12 has no
// <format>), splitting, prefix/suffix tests and strict number parsing.  Nothing here
// allocates more than the result it returns, and nothing reads global state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::strings {

// printf into a std::string.  The format attribute lets -Wformat check call sites.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Split on any of the characters in `separators`, dropping empty pieces.
std::vector<std::string> split_any(std::string_view text, std::string_view separators);

// Join with a separator (used for logging argv).
std::string join(const std::vector<std::string>& words, std::string_view separator);

// Base-10 integer with optional sign, the whole text and nothing else; nullopt on
// junk or overflow.  (Upstream uses atoi in places; callers that need atoi's
// leniency say so.)
std::optional<long long> parse_int(std::string_view text);

// C atoi semantics: leading blanks, optional sign, digits, stops at the first
// non-digit, 0 when there are none.  Used where upstream behaviour depends on it.
long long atoi_like(std::string_view text);

// Replace every occurrence of `from` (non-empty) with `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

// Render bytes for a log line: printable ASCII kept, the rest cut (protocol derailment
// messages show the stream up to the first unprintable byte).
std::string printable_prefix(std::string_view bytes, std::size_t max_length);

// Render text for one log line (doc/security.md §4): every control character -- C0
// (including newline, CR, tab and ESC) and DEL -- becomes a visible escape (\n, \r,
// \t, else \xHH), so that client-supplied bytes can never start a
// new line or drive a terminal.  Everything else, bytes >= 0x80 included, is kept.
std::string escape_control(std::string_view text);

}  // namespace dcc::strings
