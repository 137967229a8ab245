// SPDX-License-Identifier: GPL-2.0-or-later
// lsdistcc's command line (doc/tools.md): single-letter options whose value is glued
// on ("-t5", read like atoi, so "-t" alone means 0), parsed until the first word
// that does not start with "-"; the remaining words are the host names or a name
// format.  Only the second character of an option counts ("-nx" is -n).  A pure
// function: an unknown option (--help included), a negative value, -m above 31,
// -P outside 1..3, a port outside 1..65535 or an empty -p is a usage error, which
// the caller prints on stdout before exiting 1, as distcc 3.4 does.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dcc::tools::lsdistcc {

inline constexpr int k_default_port = 3632;

struct LsOptions {
    bool latency = false;        // -l
    bool numeric = false;        // -n
    bool show_down = false;      // -x
    bool append_domain = false;  // -d
    int verbosity = 0;           // -v, once per word
    int timeout_sec = 7;         // -t; 0: no overall limit
    int dns_retry_ms = 500;      // -h
    int connect_timeout_ms = 900;   // -c; 0: do not connect
    int compile_timeout_ms = 1500;  // -k; 0: no compile probe
    int subnet_bits = 0;         // -m, 0..31
    int overlap = 1;             // -o: extra first-try lookups in flight
    int dns_gap = 0;             // -g: unresolvable names tolerated
    int port = k_default_port;   // -r
    int protocol = 1;            // -P, 1..3
    std::string compiler;        // -p; empty: no compile probe
    std::vector<std::string> words;  // names, or a format containing %d

    bool probes() const { return !compiler.empty() && compile_timeout_ms > 0; }
};

// `args` excludes the program name.
Result<LsOptions> parse_command_line(std::span<const std::string> args);

const char* usage_text();

}  // namespace dcc::tools::lsdistcc
