// SPDX-License-Identifier: GPL-2.0-or-later
// Statistics for --statistics (doc/include-server.md, "Options"): per-request timing
// and the counters of the caches and the include graph, printed to stdout after
// every request in upstream's line shapes (TRANSLATION_UNIT:, TIME:, PARSING:,
// COUNTER:, SIZE:).  Nothing relies on the exact layout.
#pragma once

#include <cstdint>
#include <string>

namespace dcc::include_server {

struct RequestFigures {
    std::string translation_unit;
    double seconds = 0;
    uint64_t files_parsed_total = 0, files_parsed_new = 0;
    uint64_t computed_includes = 0, node_hits = 0, node_misses = 0, configurations = 0;
    uint64_t stat_calls = 0, probes = 0, resolve_calls = 0;
    uint64_t closure_nodes = 0;
    uint64_t generation = 0, rebuild_rounds = 0;
};

class Statistics {
public:
    // Account one request and return the text to print.
    std::string record(const RequestFigures& figures);

private:
    uint64_t m_requests = 0;
    double m_min = 0, m_max = 0, m_total = 0;
};

}  // namespace dcc::include_server
