// SPDX-License-Identifier: GPL-2.0-or-later
// The host-list grammar of doc/client.md §7.2 as a pure function: text in, a list
// of host entries (plus the local slot counts and keywords) or an error naming the
// offending word out.  Called by the host-list loader for every host choice and by
// --show-hosts / -j.  It reads no file and no variable: where the text comes from is
// host_file.hpp's business, and +zeroconf is only recorded here, not resolved.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::client {

inline constexpr int k_default_port = 3632;
inline constexpr int k_default_limit = 4;
inline constexpr int k_localhost_default_limit = 2;
inline constexpr int k_default_local_slots = 4;
inline constexpr int k_default_local_slots_cpp = 8;
inline constexpr const char* k_default_ssh_command = "distccd";

enum class HostMode { local, tcp, ssh };

// One host entry (upstream struct dcc_hostdef).
struct HostSpec {
    std::string text;  // the token as written, shown by --show-hosts and in messages
    HostMode mode = HostMode::tcp;
    std::string hostname;  // "localhost" for local; IPv6 literals without brackets
    int port = k_default_port;  // tcp only
    std::string user;           // ssh only; may be empty
    std::string command;        // ssh only; empty = k_default_ssh_command
    int limit = k_default_limit;
    bool lzo = false;
    bool cpp = false;   // pump mode; requires lzo
    bool down = false;  // listed but never used
    bool auth = false;  // GSS-API
    std::string auth_name;
    // Found by +zeroconf: the only compiler names (argv[0]'s last part) this host
    // may be sent; empty: any (doc/client.md §7.3).
    std::vector<std::string> compilers;

    // Protocol version spoken with this host: 1 plain, 2 lzo, 3 pump.
    int protocol() const { return cpp ? 3 : lzo ? 2 : 1; }
    const std::string& ssh_command() const;
    bool operator==(const HostSpec&) const = default;
};

struct HostList {
    std::vector<HostSpec> hosts;
    int local_slots = k_default_local_slots;
    int local_slots_cpp = k_default_local_slots_cpp;
    bool randomize = false;
    // +zeroconf was listed; discovered hosts go in at this index of `hosts`.
    bool zeroconf = false;
    std::size_t zeroconf_position = 0;

    // Sum of the limits of all entries (`distcc -j`); local pools not included.
    int total_slots() const;
};

// Words of the grammar that can be switched off: without `zeroconf`, `+zeroconf` is
// an ordinary (TCP) word, and without `gssapi`, `,auth` is an unknown option, as in
// upstream builds without Avahi or GSS-API.  The client enables both in every build
// (client/config.hpp); the libraries refuse them when the build lacks the feature.
struct HostSpecFeatures {
    bool zeroconf = true;
    bool gssapi = true;
};

// Parse a whole host list (DISTCC_HOSTS or a hosts file).  Any bad entry makes the
// whole list invalid (ExitCode::bad_hostspec, message names the word).  A list without
// any host entry is ExitCode::no_hosts ("contained no hosts; can't distribute work",
// 3.4's words) -- except when +zeroconf is present, whose hosts come later.
Result<HostList> parse_host_list(std::string_view text, const HostSpecFeatures& features);

// Parse a single token (no whitespace, no comment) as a host entry.
Result<HostSpec> parse_host_entry(std::string_view token, const HostSpecFeatures& features);

}  // namespace dcc::client
