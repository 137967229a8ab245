// SPDX-License-Identifier: GPL-2.0-or-later
// One line of lsdistcc's output (doc/tools.md), ready to paste into DISTCC_HOSTS:
// the name (or the address with -n), ":PORT" unless it is 3632, ",lzo" or ",lzo,cpp"
// for -P2 / -P3, ",down" for a host that did not answer (printed only with -x),
// and " <milliseconds>" with -l.  Pure formatting.
#pragma once

#include <string>

#include "tools/lsdistcc/address.hpp"
#include "tools/lsdistcc/options.hpp"

namespace dcc::tools::lsdistcc {

struct HostOutcome {
    std::string name;  // HostName::shown
    Address address;
    bool up = false;
    long latency_ms = 0;  // from the start of the connection; 0 if never connected
};

// The line, with its newline.
std::string output_line(const LsOptions& options, const HostOutcome& outcome);

}  // namespace dcc::tools::lsdistcc
