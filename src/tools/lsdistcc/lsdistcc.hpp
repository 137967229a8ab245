// SPDX-License-Identifier: GPL-2.0-or-later
// lsdistcc from command line to exit code (doc/tools.md): parse the options, make
// the list of names, then one event loop that starts lookups (dns_schedule.hpp,
// resolver.hpp), connects to and probes every host that resolves (host_check.hpp),
// and prints each host the moment it is finished (output_line.hpp) -- so lines come
// in completion order.  Exit 1 when no name resolved, else 0, also when the overall
// time limit ends the search.  main.cpp returns what run_lsdistcc returns.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "tools/lsdistcc/host_names.hpp"
#include "tools/lsdistcc/options.hpp"
#include "tools/lsdistcc/resolver.hpp"

namespace dcc::tools::lsdistcc {

int run_lsdistcc(int argc, char** argv);

// The search itself over a given resolver; `print` receives each output line as the
// host finishes (-v traces go to stderr).  Returns the exit code.
using LinePrinter = std::function<void(std::string_view line)>;
int search_hosts(const LsOptions& options, const std::vector<HostName>& names, Resolver& resolver,
                 const LinePrinter& print);

}  // namespace dcc::tools::lsdistcc
