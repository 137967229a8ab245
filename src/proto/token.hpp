// SPDX-License-Identifier: GPL-2.0-or-later
// The 12-byte packet header of the distcc protocol: a 4-letter token and exactly 8
// lower-case hex digits (doc/protocol.md §2).  Every token is listed once, with
// the direction it travels, whether it carries a body, and whether that body is
// LZO-compressed in protocols 2 and 3.  Receivers accept [0-9a-fA-F]{8} only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.hpp"

namespace dcc::proto {

enum class Token {
    dist,
    cdir,
    argc,
    argv,
    doti,
    nfil,
    name,
    file,
    link,
    done,
    stat,
    serr,
    sout,
    doto,
    dotd,
    tlen,
    xcap,
    xins,
    xinp,
    xout,
    xknd,
    xfil  // the extension of doc/protocol.md §16
};

enum class Direction { client_to_server, server_to_client, both };

struct TokenInfo {
    Token token;
    const char* text;      // exactly four characters
    Direction direction;
    bool has_body;
    bool compressed;       // body is LZO in protocols >= 2
};

inline constexpr std::size_t k_header_size = 12;
using Header = std::array<char, k_header_size>;

const TokenInfo& token_info(Token token);
std::string_view token_text(Token token);
std::optional<Token> token_from_text(std::string_view four_chars);

// "DOTO000001f2"
Header encode_header(Token token, uint32_t param);

// Parse exactly 12 bytes that must start with `expected`.  Mismatch or bad digits is
// ExitCode::protocol_error ("protocol derailment").
Result<uint32_t> decode_header(std::string_view bytes, Token expected);

// Parse a header whose token is one of the known tokens (the FILE/LINK alternative).
struct DecodedHeader {
    Token token;
    uint32_t param;
};
Result<DecodedHeader> decode_any_header(std::string_view bytes);

}  // namespace dcc::proto
