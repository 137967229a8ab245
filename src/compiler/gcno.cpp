// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of gcno.hpp (doc/protocol.md §16.6).  Layout of a gcc 12 note file
// (gcc/gcov-io.h, coverage.cc coverage_init), every word 32 bits in the writer's byte
// order: magic "gcno", version, stamp, checksum, then the directory as gcov_write_string
// writes it since gcc 12 -- a length in bytes including the NUL, then those bytes,
// unpadded -- then the records.
#include "compiler/gcno.hpp"

#include <array>
#include <cstdint>

namespace dcc::compiler {
namespace {

constexpr std::size_t k_word = 4;
constexpr std::size_t k_cwd_length_at = 4 * k_word;  // after magic, version, stamp, checksum
constexpr std::uint32_t k_magic = 0x67636e6f;        // "gcno"

struct Layout {
    bool little_endian = true;
    std::size_t text_at = 0;  // the first character of the directory
    std::size_t length = 0;   // the recorded length, NUL included
};

std::uint32_t word_at(std::string_view bytes, std::size_t at, bool little_endian) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < k_word; ++i) {
        auto byte = static_cast<std::uint8_t>(bytes[at + (little_endian ? k_word - 1 - i : i)]);
        value = (value << 8) | byte;
    }
    return value;
}

std::string word_bytes(std::uint32_t value, bool little_endian) {
    std::string out(k_word, '\0');
    for (std::size_t i = 0; i < k_word; ++i)
        out[little_endian ? i : k_word - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

Error malformed(std::string why) { return make_error(ExitCode::protocol_error, "coverage note file: " + why); }

Result<Layout> parse(std::string_view gcno) {
    if (gcno.size() < k_cwd_length_at + k_word) return malformed("too short for its header");
    Layout layout;
    if (word_at(gcno, 0, true) == k_magic)
        layout.little_endian = true;
    else if (word_at(gcno, 0, false) == k_magic)
        layout.little_endian = false;
    else
        return malformed("no gcno magic");
    // Version: 'B' '2' <minor> <status> is gcc 12.x, the one format verified.
    std::uint32_t version = word_at(gcno, k_word, layout.little_endian);
    if ((version >> 16) != 0x4232)
        return malformed("version word " + std::to_string(version) + " is not gcc 12's (not verified)");
    std::uint32_t length = word_at(gcno, k_cwd_length_at, layout.little_endian);
    layout.text_at = k_cwd_length_at + k_word;
    if (length == 0 || length > k_max_gcno_cwd + 1) return malformed("directory length out of bounds");
    if (length > gcno.size() - layout.text_at) return malformed("directory record runs past the end");
    if (gcno[layout.text_at + length - 1] != '\0') return malformed("directory record not NUL-terminated");
    if (gcno.substr(layout.text_at, length - 1).find('\0') != std::string_view::npos)
        return malformed("directory record has an inner NUL");
    layout.length = length;
    return layout;
}

}  // namespace

Result<std::string> gcno_cwd(std::string_view gcno) {
    auto layout = parse(gcno);
    if (!layout) return std::move(layout).error();
    return std::string(gcno.substr(layout->text_at, layout->length - 1));
}

Result<std::string> rewrite_gcno_cwd(std::string_view gcno, std::string_view cwd) {
    auto layout = parse(gcno);
    if (!layout) return std::move(layout).error();
    if (cwd.size() > k_max_gcno_cwd || cwd.find('\0') != std::string_view::npos)
        return malformed("the new directory is too long or has a NUL");
    std::string out(gcno.substr(0, k_cwd_length_at));
    out += word_bytes(static_cast<std::uint32_t>(cwd.size() + 1), layout->little_endian);
    out += cwd;
    out += '\0';
    out += gcno.substr(layout->text_at + layout->length);
    return out;
}

}  // namespace dcc::compiler
