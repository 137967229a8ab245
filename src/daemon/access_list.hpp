// SPDX-License-Identifier: GPL-2.0-or-later
// Client access control for distccd (doc/daemon.md §4): parsing `--allow
// ADDR[/BITS]` and deciding whether a peer address matches.  Pure functions over
// socket addresses; the dispatcher and the inetd server call allows() once per
// connection.  Host names are not resolved (upstream resolved them once at startup):
// an --allow value must be a numeric IPv4 or IPv6 address.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::daemon {

// One network: family AF_INET (the first 4 bytes are used) or AF_INET6.
struct AllowEntry {
    int family = 0;
    std::array<uint8_t, 16> address{};  // already masked
    std::array<uint8_t, 16> mask{};
    int bits = 0;
    std::string text;  // as given, for logs
};

// Parse "10.0.0.0/8", "127.0.0.1", "10.1" (inet_aton short forms), "::1/128",
// "fe80::/10".  A missing or empty BITS means all bits.  Errors (ExitCode::bad_arguments):
// `invalid mask "N"`, `can't parse internet address "A"`.
Result<AllowEntry> parse_allow_entry(std::string_view spec);

// The networks of --allow-private: 192.168/16, 10/8, 172.16/12, 127/8, fe80::/10,
// fc00::/7, ::1/128.
std::vector<AllowEntry> private_networks();

enum class PeerVerdict { allowed, denied };

// The access decision for one peer (upstream dcc_check_client):
//  * an empty list allows everyone;
//  * AF_UNIX peers and an unknown address (length 0: pipes, socketpairs) are allowed;
//  * an IPv4 entry matches IPv4 peers and IPv4-mapped/compatible IPv6 peers;
//  * an IPv6 entry matches only IPv6 peers;
//  * every other family is denied.
PeerVerdict check_peer(const std::vector<AllowEntry>& entries, const sockaddr* peer, socklen_t length);

}  // namespace dcc::daemon
