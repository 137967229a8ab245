// SPDX-License-Identifier: GPL-2.0-or-later
// The character classes upstream's regular expressions use.  Upstream reads every
// source file as Latin-1 text and matches Python's \w and \s against it, so a byte
// is a "word" byte when its Latin-1 character is alphanumeric or '_' (134 bytes,
// including letters such as 0xE9) and a "space" byte when it is Python whitespace
// (including 0x1C-0x1F, 0x85 and 0xA0).  Used by the directive scanner and by macro
// evaluation so both agree on identifiers and blanks.
#pragma once

#include <array>
#include <cstdint>

namespace dcc::include_server {

namespace detail {

constexpr bool latin1_word(unsigned b) {
    if ((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_') return true;
    if (b == 0xaa || b == 0xb2 || b == 0xb3 || b == 0xb5 || b == 0xb9 || b == 0xba) return true;
    if (b >= 0xbc && b <= 0xbe) return true;
    return b >= 0xc0 && b != 0xd7 && b != 0xf7;
}

constexpr bool latin1_space(unsigned b) {
    return (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x20) || b == 0x85 || b == 0xa0;
}

constexpr std::array<uint8_t, 256> make_classes() {
    std::array<uint8_t, 256> out{};
    for (unsigned b = 0; b < 256; ++b) out[b] = static_cast<uint8_t>((latin1_word(b) ? 1 : 0) | (latin1_space(b) ? 2 : 0));
    return out;
}

inline constexpr std::array<uint8_t, 256> k_classes = make_classes();

}  // namespace detail

inline bool is_word_byte(char c) { return detail::k_classes[static_cast<unsigned char>(c)] & 1; }
inline bool is_space_byte(char c) { return detail::k_classes[static_cast<unsigned char>(c)] & 2; }
// [ \t], the blanks of upstream's line-start patterns.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace dcc::include_server
