// SPDX-License-Identifier: GPL-2.0-or-later
// The bytes of the GSS-API layer (doc/protocol.md §11), both directions:
//
//   C->S  '*'                       handshake: "I want to authenticate"
//   S->C  '*'                       echo
//   C->S  TLEN<len hex8> <bytes>    context token (gss_init_sec_context output)
//   S->C  TLEN<len hex8> <bytes>    context token (gss_accept_sec_context output)
//   ...                             as long as either side produces tokens
//   S->C  'y' | 'n'                 access granted / denied
//
// This file frames and unframes context tokens over proto streams; the one-byte
// signals are plain constants.  It does not talk to GSS-API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "proto/stream.hpp"

namespace dcc::auth {

inline constexpr char k_handshake = '*';
inline constexpr char k_access_granted = 'y';
inline constexpr char k_access_denied = 'n';

// Kerberos tokens are a few KB (more with a large PAC); upstream accepts up to
// INT_MAX.  A claim beyond this cap is refused before reading the body.
inline constexpr std::size_t k_max_token_size = 1u << 20;

// TLEN header + token bytes (upstream send_token).  An empty token is never sent.
Status write_token(proto::Sink& sink, std::string_view token);

// One TLEN item (upstream recv_token).  Length 0 or above the cap is io_error
// "Malformed token length", as upstream rejects 0 and anything above INT_MAX.
Result<std::string> read_token(proto::Source& source);

// The client's half of the handshake ('*', then TLEN items) taken in pieces as a
// non-blocking reader gets them (the daemon's intake, doc/security.md §1).  It asks
// for exactly the bytes the current item still needs, so a reader that never reads
// more than wanted() leaves whatever follows the handshake (the request) unread.
class ClientHandshakeFramer {
public:
    enum class Item { none, handshake, token };

    // Bytes the current item still needs (always > 0).
    std::size_t wanted() const;
    // Take `bytes` (at most wanted()).  `handshake`: the '*' arrived (echo it);
    // `token`: a whole token arrived (take_token()).  A first byte other than '*' is
    // gssapi_failed "No client handshake - ...", a bad header or length io_error, as
    // the blocking reader (read_token) says.
    Result<Item> feed(std::string_view bytes);
    // The token feed() just reported; the framer then waits for the next one.
    std::string take_token();

private:
    enum class Phase { handshake, header, body };
    Phase m_phase = Phase::handshake;
    std::string m_bytes;  // of the current header or body
    std::size_t m_body_size = 0;
};

}  // namespace dcc::auth
