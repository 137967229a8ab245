// SPDX-License-Identifier: GPL-2.0-or-later
// ConnectionTable<Entry>: the bookkeeping both of the dispatcher's non-blocking
// readers keep (the request intake, intake.hpp, and the GSS-API handshake,
// auth_intake.hpp; doc/security.md §1): open connections by descriptor, the moment
// each must next be checked (a deadline), and the order they were accepted in, so
// that a full table closes the connection accepted longest ago.  An Entry is the
// reader's own state of one connection and has a `peer` (PeerAddress) member, named
// in the eviction warning.  Pure bookkeeping: it closes nothing itself -- the
// reader's forget() erases an entry, whose UniqueFd members close with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "common/log.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {

template <typename Entry>
class ConnectionTable {
public:
    explicit ConnectionTable(std::size_t max_connections) : m_max(max_connections) {}

    // Add a connection accepted at `now_ms`, with no check scheduled.  While the table
    // is full, the connection accepted longest ago is first named in one warning and
    // passed to `evict(fd)`, which must erase() it.
    template <typename Evict>
    Entry& admit(int fd, Entry entry, int64_t now_ms, Evict&& evict) {
        while (m_slots.size() >= m_max && !m_ages.empty()) {
            int oldest = m_ages.begin()->second;
            DCC_WARNING("%zu connections being read; closing the oldest, from %s", m_slots.size(),
                        describe_peer(m_slots.at(oldest).entry.peer).c_str());
            evict(oldest);
            if (m_slots.count(oldest)) erase(oldest);  // a reader that did not erase it
        }
        Slot slot{std::move(entry), m_checks.end(), m_ages.emplace(now_ms, fd)};
        return m_slots.emplace(fd, std::move(slot)).first->second.entry;  // an open fd is never in twice
    }

    Entry* find(int fd) {
        auto it = m_slots.find(fd);
        return it == m_slots.end() ? nullptr : &it->second.entry;
    }

    // Forget a connection and its check; false when it was not in the table.
    bool erase(int fd) {
        auto it = m_slots.find(fd);
        if (it == m_slots.end()) return false;
        if (it->second.check != m_checks.end()) m_checks.erase(it->second.check);
        m_ages.erase(it->second.age);
        m_slots.erase(it);
        return true;
    }

    // Check `fd` next at `at_ms` (replacing an earlier moment), or never.
    void schedule(int fd, int64_t at_ms) {
        Slot& slot = m_slots.at(fd);
        unschedule(slot);
        slot.check = m_checks.emplace(at_ms, fd);
    }
    void unschedule(int fd) { unschedule(m_slots.at(fd)); }

    // The connection whose check is earliest, when that moment is not after `now_ms`.
    // Its check stays: the caller schedules it again or erases it.
    std::optional<int> due(int64_t now_ms) const {
        if (m_checks.empty() || m_checks.begin()->first > now_ms) return std::nullopt;
        return m_checks.begin()->second;
    }
    // The earliest check; -1 when none is scheduled.
    int64_t next_check_ms() const { return m_checks.empty() ? -1 : m_checks.begin()->first; }

    // f(fd, entry) for every connection, in no particular order.
    template <typename F>
    void for_each(F&& f) const {
        for (const auto& [fd, slot] : m_slots) f(fd, slot.entry);
    }

    std::size_t size() const { return m_slots.size(); }

private:
    using Moments = std::multimap<int64_t, int>;
    struct Slot {
        Entry entry;
        typename Moments::iterator check;
        typename Moments::iterator age;
    };

    void unschedule(Slot& slot) {
        if (slot.check != m_checks.end()) m_checks.erase(slot.check);
        slot.check = m_checks.end();
    }

    std::size_t m_max;
    std::unordered_map<int, Slot> m_slots;
    Moments m_checks;  // next check per connection
    Moments m_ages;    // accept time per connection (eviction order)
};

}  // namespace dcc::daemon
