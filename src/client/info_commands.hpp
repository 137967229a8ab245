// SPDX-License-Identifier: GPL-2.0-or-later
// distcc's own options (doc/client.md §1): --help, --version, --show-hosts, -j,
// --show-principal and --scan-includes, recognised only as the exact word argv[1]
// when invoked as distcc.  Each prints what it prints and yields an exit code; the
// compile path is not involved -- except --scan-includes, which only checks for its
// operand here and is then run by the compile path (job.hpp, doc/pump.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/host_file.hpp"
#include "common/config.hpp"

namespace dcc::client {

struct InfoContext {
    const Config& config;
    HostListSources host_sources;
    HostSpecFeatures features;
    FileReader& reader;
    unsigned random_seed = 0;
};

// The exit code when argv[1] is one of these options (or the arguments are missing),
// nullopt when argv should be compiled.
std::optional<int> run_info_command(const std::vector<std::string>& argv, const InfoContext& context);

// The usage block printed after the version banner by --help.
std::string usage_text(bool with_gssapi);

}  // namespace dcc::client
