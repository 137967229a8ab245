// SPDX-License-Identifier: GPL-2.0-or-later
// The search of lsdistcc (doc/tools.md): one event loop that starts lookups
// (dns_schedule.hpp, through a Resolver), connects to and probes every host that
// resolves (host_check.hpp), and prints each host the moment it is finished
// (output_line.hpp) -- so lines come in completion order.  The resolver and the
// printer are passed in, so tests drive it with a table of names and collect lines.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "tools/lsdistcc/host_names.hpp"
#include "tools/lsdistcc/options.hpp"
#include "tools/lsdistcc/resolver.hpp"

namespace dcc::tools::lsdistcc {

// Receives each output line (with its newline) as its host finishes.
using LinePrinter = std::function<void(std::string_view line)>;

// Exit status: 1 when no name resolved, else 0 -- also when the -t limit ends the
// search.  -v traces go to stderr.
int search_hosts(const LsOptions& options, const std::vector<HostName>& names, Resolver& resolver,
                 const LinePrinter& print);

}  // namespace dcc::tools::lsdistcc
