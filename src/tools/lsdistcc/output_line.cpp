// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of output_line.hpp (upstream lsdistcc's per-host printf).
#include "tools/lsdistcc/output_line.hpp"

namespace dcc::tools::lsdistcc {

std::string output_line(const LsOptions& options, const HostOutcome& outcome) {
    static const char* const k_protocol_suffix[] = {"", "", ",lzo", ",lzo,cpp"};
    std::string line = options.numeric ? outcome.address.host_list_text() : outcome.name;
    if (options.port != k_default_port) line += ":" + std::to_string(options.port);
    line += k_protocol_suffix[options.protocol >= 1 && options.protocol <= 3 ? options.protocol : 1];
    if (!outcome.up) line += ",down";
    if (options.latency) line += " " + std::to_string(outcome.latency_ms);
    return line + "\n";
}

}  // namespace dcc::tools::lsdistcc
