// SPDX-License-Identifier: GPL-2.0-or-later
// RequestFramer: finds where a client's request ends without interpreting it, so
// distccd's intake can read a connection without blocking and give it to a compile
// slot only once nothing more is to come from the network (doc/security.md §1).  It
// walks the request grammar of messages.hpp over packet headers (12 bytes) and skips
// bodies by their declared length, generically for every token: protocol 1/2
// (DIST ARGC ARGV{n} DOTI) and protocol 3 (DIST CDIR ARGC ARGV{n} NFIL (NAME
// FILE|LINK){m}), the probe DIST(4) and versions 5/6 (DIST CDIR ARGC ARGV{n} XINS
// XINP{k} DOTI, doc/protocol.md §16).  A header that derails the grammar or a length beyond the caps of
// Limits also ends framing ("settled"): the request reader, which re-reads the same
// bytes, then produces the refusal exactly as it would have from the socket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "proto/limits.hpp"
#include "proto/token.hpp"

namespace dcc::proto {

class RequestFramer {
public:
    enum class State {
        reading,   // more bytes are needed
        complete,  // the whole request has been seen
        settled,   // a bad header or claim: nothing more is worth reading
    };

    explicit RequestFramer(const Limits& limits) : m_limits(limits) {}

    // Look at the next bytes of the stream; returns how many were used (less than
    // data.size() only once the state is no longer `reading`).
    std::size_t feed(std::string_view data);

    State state() const { return m_state; }
    // Inside a packet (part of a header or body seen): the data-rate rule applies.
    bool mid_packet() const { return m_header_fill > 0 || m_body_left > 0; }
    // The request's protocol version, 0 until DIST was seen.
    int version() const { return m_version; }
    // Why framing settled early (for tests and debug logs).
    const std::string& why_settled() const { return m_why; }

private:
    enum class Expect { dist, cdir, argc, argv, xins, xinp, doti, nfil, name, file_or_link };
    void on_header();
    void settle(std::string why);
    void after_item();

    const Limits& m_limits;
    State m_state = State::reading;
    Expect m_expect = Expect::dist;
    int m_version = 0;
    Header m_header{};
    std::size_t m_header_fill = 0;
    uint64_t m_body_left = 0;
    uint32_t m_args_left = 0;
    uint32_t m_files_left = 0;
    uint32_t m_inputs_left = 0;  // v5/v6 XINP
    uint64_t m_inputs_total = 0;
    uint64_t m_argv_total = 0;
    std::string m_why;
};

}  // namespace dcc::proto
