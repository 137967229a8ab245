// SPDX-License-Identifier: GPL-2.0-or-later
// Rendering of --statistics (upstream's statistics.PrintStatistics, our counters).
#include "include_server/stats.hpp"

#include <algorithm>
#include <utility>

#include "common/strings.hpp"

namespace dcc::include_server {

std::string Statistics::record(const RequestFigures& f) {
    ++m_requests;
    m_min = m_requests == 1 ? f.seconds : std::min(m_min, f.seconds);
    m_max = std::max(m_max, f.seconds);
    m_total += f.seconds;
    using strings::format;
    std::string out = "TRANSLATION_UNIT: " + f.translation_unit + "\n";
    out += format("TIME:    last %-2.3fs, min %-2.3fs, max %-2.3fs, average %-2.3fs, #: %5llu, total: %5.1fs\n",
                  f.seconds, m_min, m_max, m_total / double(m_requests), (unsigned long long)m_requests, m_total);
    out += format("PARSING: total count: %4llu, new files: %-5llu\n", (unsigned long long)f.files_parsed_total,
                  (unsigned long long)f.files_parsed_new);
    const std::pair<const char*, uint64_t> counters[] = {
        {"resolve_expr_counter:", f.computed_includes}, {"master_hit_counter:", f.node_hits},
        {"master_miss_counter:", f.node_misses},        {"sys_stat_counter:", f.stat_calls},
        {"build_stat_counter:", f.probes},               {"resolve_counter:", f.resolve_calls},
        {"rebuild_rounds:", f.rebuild_rounds},
    };
    const std::pair<const char*, uint64_t> sizes[] = {
        {"include_configurations", f.configurations},
        {"closure_nodes", f.closure_nodes},
        {"generation", f.generation},
    };
    for (const auto& [name, value] : counters)
        out += format("COUNTER: %-26s %8llu\n", name, (unsigned long long)value);
    for (const auto& [name, value] : sizes) out += format("SIZE:    %-26s %8llu\n", name, (unsigned long long)value);
    return out + "\n";
}

}  // namespace dcc::include_server
