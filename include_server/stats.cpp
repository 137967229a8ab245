// SPDX-License-Identifier: GPL-2.0-or-later
// Rendering of --statistics (upstream's statistics.PrintStatistics, our counters).
#include "include_server/stats.hpp"

#include <algorithm>

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
    auto counter = [&out](const char* name, uint64_t value) {
        out += format("COUNTER: %-26s %8llu\n", name, (unsigned long long)value);
    };
    auto size = [&out](const char* name, uint64_t value) {
        out += format("SIZE:    %-26s %8llu\n", name, (unsigned long long)value);
    };
    counter("resolve_expr_counter:", f.computed_includes);
    counter("master_hit_counter:", f.node_hits);
    counter("master_miss_counter:", f.node_misses);
    counter("sys_stat_counter:", f.stat_calls);
    counter("build_stat_counter:", f.probes);
    counter("resolve_counter:", f.resolve_calls);
    counter("rebuild_rounds:", f.rebuild_rounds);
    size("include_configurations", f.configurations);
    size("quote_path", f.quote_dirs);
    size("angle_path", f.angle_dirs);
    size("calculated_closure", f.closure_size);
    size("closure_nodes", f.closure_nodes);
    size("generation", f.generation);
    return out + "\n";
}

}  // namespace dcc::include_server
