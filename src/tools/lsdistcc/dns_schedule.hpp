// SPDX-License-Identifier: GPL-2.0-or-later
// Which lookups lsdistcc starts when (doc/tools.md): names in order, at most
// overlap + 1 first lookups unanswered at a time; a lookup unanswered for the retry
// time is sent again, up to five times in all; once more than `gap` names failed to
// resolve, no name beyond those already started is tried -- with distcc%d names the
// search ends at the first gap.  A pure state machine over a millisecond clock the
// caller passes in, so the rules are tested without a resolver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace dcc::tools::lsdistcc {

inline constexpr int k_max_lookup_tries = 5;

struct DnsScheduleSettings {
    std::size_t names = 0;
    int overlap = 1;
    int gap = 0;
    int retry_ms = 500;
};

class DnsSchedule {
public:
    explicit DnsSchedule(const DnsScheduleSettings& settings);

    // Lookups to send at `now_ms` (indexes; a retry repeats an index).
    std::vector<std::size_t> due(int64_t now_ms);
    // The first answer for `index`; later answers for it are ignored (returns false).
    bool answered(std::size_t index, bool resolved);
    // When due() next has a retry to send; nullopt when no retry is pending.
    std::optional<int64_t> next_retry_ms() const;
    // Nothing more to start and nothing unanswered.
    bool finished() const;
    // Set when the gap rule stopped the search: how many names were started.
    std::optional<std::size_t> stopped_after() const { return m_stopped ? std::optional(m_next) : std::nullopt; }

private:
    struct Lookup {
        int tries = 0;
        int64_t last_sent_ms = 0;
        bool answered = false;
    };

    DnsScheduleSettings m_settings;
    std::vector<Lookup> m_lookups;
    std::size_t m_next = 0;         // first name not started yet
    std::size_t m_unanswered = 0;   // started, not answered
    int m_failures = 0;
    bool m_stopped = false;
};

}  // namespace dcc::tools::lsdistcc
