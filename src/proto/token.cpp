// SPDX-License-Identifier: GPL-2.0-or-later
// Token table and header encoding/decoding (doc/protocol.md §2 and §3).
#include "proto/token.hpp"

#include <cstring>

#include "common/strings.hpp"

namespace dcc::proto {
namespace {

using enum Token;
constexpr Direction C2S = Direction::client_to_server;
constexpr Direction S2C = Direction::server_to_client;

// Order must follow the enum; a unit test checks it.
constexpr TokenInfo k_tokens[] = {
    {dist, "DIST", C2S, false, false},             // request header; param = protocol version
    {cdir, "CDIR", C2S, true, false},              // v3: client working directory
    {argc, "ARGC", C2S, false, false},             // number of ARGV packets that follow
    {argv, "ARGV", C2S, true, false},              // one argument word
    {doti, "DOTI", C2S, true, true},               // v1/v2: preprocessed source
    {nfil, "NFIL", C2S, false, false},             // v3: number of NAME + FILE/LINK entries
    {name, "NAME", C2S, true, false},              // v3: absolute client path
    {file, "FILE", C2S, true, true},               // v3: file contents (pre-compressed)
    {link, "LINK", C2S, true, false},              // v3: symlink target
    {done, "DONE", S2C, false, false},             // reply header; param = protocol version
    {stat, "STAT", S2C, false, false},             // compiler wait status
    {serr, "SERR", S2C, true, true},               // compiler stderr + daemon warnings
    {sout, "SOUT", S2C, true, true},               // compiler stdout
    {doto, "DOTO", S2C, true, true},               // object file
    {dotd, "DOTD", S2C, true, true},               // v3: dependency file
    {tlen, "TLEN", Direction::both, true, false},  // GSS-API context token
    {xcap, "XCAP", S2C, false, false},             // v4 probe answer: capability bits
    {xins, "XINS", C2S, false, false},             // v5/v6: number of XINP that follow
    {xinp, "XINP", C2S, true, true},               // v5/v6: one declared extra input
    {xout, "XOUT", S2C, false, false},             // v5/v6: number of side outputs that follow
    {xknd, "XKND", S2C, false, false},             // v5/v6: kind of the next side output
    {xfil, "XFIL", S2C, true, true},               // v5/v6: one side output
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<uint32_t> decode_param(std::string_view bytes) {
    uint32_t value = 0;
    for (std::size_t i = 4; i < k_header_size; ++i) {
        int digit = hex_value(bytes[i]);
        if (digit < 0)
            return make_error(ExitCode::protocol_error,
                              "protocol derailment: bad length digits in header '" +
                                  strings::printable_prefix(bytes, k_header_size) + "'");
        value = (value << 4) | static_cast<uint32_t>(digit);
    }
    return value;
}

}  // namespace

const TokenInfo& token_info(Token token) { return k_tokens[static_cast<std::size_t>(token)]; }

std::string_view token_text(Token token) { return std::string_view(token_info(token).text, 4); }

std::optional<Token> token_from_text(std::string_view four_chars) {
    if (four_chars.size() != 4) return std::nullopt;
    for (const TokenInfo& info : k_tokens)
        if (four_chars == std::string_view(info.text, 4)) return info.token;
    return std::nullopt;
}

Header encode_header(Token token, uint32_t param) {
    static const char digits[] = "0123456789abcdef";
    Header h{};
    std::memcpy(h.data(), token_info(token).text, 4);
    for (int i = 11; i >= 4; --i) {
        h[static_cast<std::size_t>(i)] = digits[param & 0xf];
        param >>= 4;
    }
    return h;
}

Result<uint32_t> decode_header(std::string_view bytes, Token expected) {
    if (bytes.size() != k_header_size)
        return make_error(ExitCode::protocol_error, "protocol derailment: short header");
    if (bytes.substr(0, 4) != token_text(expected))
        return make_error(ExitCode::protocol_error,
                          strings::format("protocol derailment: expected token \"%s\", got \"%s\"",
                                          token_info(expected).text, strings::printable_prefix(bytes, 200).c_str()));
    return decode_param(bytes);
}

Result<DecodedHeader> decode_any_header(std::string_view bytes) {
    if (bytes.size() != k_header_size)
        return make_error(ExitCode::protocol_error, "protocol derailment: short header");
    auto token = token_from_text(bytes.substr(0, 4));
    if (!token)
        return make_error(ExitCode::protocol_error, "protocol derailment: unknown token \"" +
                                                        strings::printable_prefix(bytes, 200) + "\"");
    auto param = decode_param(bytes);
    if (!param) return std::move(param).error();
    return DecodedHeader{*token, *param};
}

}  // namespace dcc::proto
