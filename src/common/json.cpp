// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of json.hpp.
#include "common/json.hpp"

#include "common/strings.hpp"

namespace dcc::json {
namespace {

// Length of the well-formed UTF-8 sequence at `pos`, or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char lead = byte(pos);
    std::size_t length = lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
    if (length == 0 || pos + length > s.size()) return 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) return 0;
    return length;
}

}  // namespace

std::string quote(std::string_view bytes) {
    std::string out = "\"";
    out.reserve(bytes.size() + 2);
    for (std::size_t pos = 0; pos < bytes.size();) {
        unsigned char c = static_cast<unsigned char>(bytes[pos]);
        if (c >= 0x80) {
            std::size_t length = utf8_sequence_length(bytes, pos);
            out += length ? bytes.substr(pos, length) : "\xEF\xBF\xBD";
            pos += length ? length : 1;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            out += strings::format("\\u%04x", c);
        } else {
            out += static_cast<char>(c);
        }
        ++pos;
    }
    return out + "\"";
}

}  // namespace dcc::json
