// SPDX-License-Identifier: GPL-2.0-or-later
// The dispatcher's view of its prefork workers (doc/security.md §1): which slot may
// take the next complete request.  A slot is absent until its worker is started,
// idle until it is handed a request, busy until it reports the job done, and out of
// the rotation once it said it retires or its channel closed, until the successor
// is started.  Pure bookkeeping, so the decisions are unit-tested without forking.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace dcc::daemon {

class WorkerPool {
public:
    enum class State { absent, idle, busy, retiring };

    explicit WorkerPool(std::size_t slots) : m_states(slots, State::absent) {}

    void started(std::size_t slot) { m_states.at(slot) = State::idle; }
    void assigned(std::size_t slot) { m_states.at(slot) = State::busy; }
    // The worker's report after a job: free again, or about to exit.
    void reported(std::size_t slot, bool retiring) { m_states.at(slot) = retiring ? State::retiring : State::idle; }
    // Its channel closed or it exited: no work until a successor is started.
    void lost(std::size_t slot) { m_states.at(slot) = State::retiring; }

    // The idle slot that takes the next request (the lowest, so a few workers stay
    // warm under light load); none when every worker is busy or gone.
    std::optional<std::size_t> idle_slot() const {
        for (std::size_t slot = 0; slot < m_states.size(); ++slot)
            if (m_states[slot] == State::idle) return slot;
        return std::nullopt;
    }

    State state(std::size_t slot) const { return m_states.at(slot); }
    std::size_t busy() const {
        return static_cast<std::size_t>(std::count(m_states.begin(), m_states.end(), State::busy));
    }
    std::size_t size() const { return m_states.size(); }

private:
    std::vector<State> m_states;
};

}  // namespace dcc::daemon
