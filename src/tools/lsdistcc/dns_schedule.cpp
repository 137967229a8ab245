// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dns_schedule.hpp (upstream lsdistcc's lookup loop).
#include "tools/lsdistcc/dns_schedule.hpp"

namespace dcc::tools::lsdistcc {

DnsSchedule::DnsSchedule(const DnsScheduleSettings& settings)
    : m_settings(settings), m_lookups(settings.names) {}

std::vector<std::size_t> DnsSchedule::due(int64_t now_ms) {
    std::vector<std::size_t> send;
    for (std::size_t i = 0; i < m_next; ++i) {
        Lookup& lookup = m_lookups[i];
        if (lookup.answered || lookup.tries >= k_max_lookup_tries) continue;
        if (now_ms - lookup.last_sent_ms < m_settings.retry_ms) continue;
        ++lookup.tries;
        lookup.last_sent_ms = now_ms;
        send.push_back(i);
    }
    auto in_flight_limit = static_cast<std::size_t>(m_settings.overlap) + 1;
    while (!m_stopped && m_next < m_lookups.size() && m_unanswered < in_flight_limit) {
        m_lookups[m_next] = Lookup{1, now_ms, false};
        send.push_back(m_next++);
        ++m_unanswered;
    }
    return send;
}

bool DnsSchedule::answered(std::size_t index, bool resolved) {
    if (index >= m_next || m_lookups[index].answered) return false;
    m_lookups[index].answered = true;
    --m_unanswered;
    if (!resolved && ++m_failures > m_settings.gap) m_stopped = true;
    return true;
}

std::optional<int64_t> DnsSchedule::next_retry_ms() const {
    std::optional<int64_t> next;
    for (std::size_t i = 0; i < m_next; ++i) {
        const Lookup& lookup = m_lookups[i];
        if (lookup.answered || lookup.tries >= k_max_lookup_tries) continue;
        int64_t at = lookup.last_sent_ms + m_settings.retry_ms;
        if (!next || at < *next) next = at;
    }
    return next;
}

bool DnsSchedule::finished() const { return m_unanswered == 0 && (m_stopped || m_next == m_lookups.size()); }

}  // namespace dcc::tools::lsdistcc
