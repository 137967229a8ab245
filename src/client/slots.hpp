// SPDX-License-Identifier: GPL-2.0-or-later
// Slot choice and host backoff (doc/client.md §8 and §11.3) as functions over the
// lock_store.hpp interfaces.  Lock and backoff file names are the same as distcc
// 3.4's, so our clients and upstream clients on one machine share slots and share
// their opinion of a failing host.  The job flow (job.hpp) decides when to call these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/host_spec.hpp"
#include "client/load_probe.hpp"
#include "client/lock_store.hpp"
#include "common/result.hpp"

namespace dcc::client {

// "localhost", "tcp_<host>_<port>", "ssh_<host>" (upstream dcc_make_lock_filename).
std::string lock_host_key(const HostSpec& host);
// "cpu_<key>_<slot>"
std::string slot_lock_name(const HostSpec& host, int slot);
// "cpu_localhost_<slot>": the pool shared by localhost entries, local compiles and
// local preprocessing.
std::string local_slot_lock_name(int slot);
// "backoff_<key>_0"
std::string backoff_mark_name(const HostSpec& host);

// Sleeps between passes when every slot is busy; tests count calls instead.
class Pauser {
public:
    virtual ~Pauser() = default;
    virtual void pause(int milliseconds) = 0;
    // Sleep up to `milliseconds`, or less when a client on this machine releases a
    // slot after its job (SlotLock::release_to_waiters); by default simply pause().
    virtual void wait_for_release(int milliseconds) { pause(milliseconds); }
};

class SleepPauser : public Pauser {
public:
    void pause(int milliseconds) override;
};

struct HostPick {
    const HostSpec* host = nullptr;
    int slot = 0;
    SlotLock lock;
};

// One breadth-first pass (upstream dcc_lock_one): slot 0 of every host in list order,
// then slot 1 of those whose limit allows it, and so on.  nullopt when all are busy.
Result<std::optional<HostPick>> try_pick_slot(const std::vector<const HostSpec*>& hosts, LockService& locks);

// try_pick_slot until something is free, pausing `pause_ms` between passes.
Result<HostPick> wait_for_slot(const std::vector<const HostSpec*>& hosts, LockService& locks, Pauser& pauser,
                               int pause_ms);

// The load-aware choice (doc/client.md §8.1): each pass looks at every host's slot
// locks and at what `knowledge` says of it, then takes the slot host_choice.hpp
// prefers (ties among publishing hosts broken by `tie_seed`, see shuffle_ties), or
// waits for a better host to free one.  It waits for a slot released on this
// machine, at most a time set by the best host's job time (at most `pause_ms`).
Result<HostPick> choose_slot(const std::vector<const HostSpec*>& hosts, LockService& locks, HostKnowledge& knowledge,
                             Pauser& pauser, int pause_ms, unsigned tie_seed);

// A slot of the local pool of `pool_size` slots (local compile or local cpp).
Result<HostPick> wait_for_local_slot(int pool_size, LockService& locks, Pauser& pauser, int pause_ms);

// Backoff marks: a host that failed is avoided for `period_sec` seconds; 0 disables
// the mechanism entirely (nothing is created, checked or removed).
class Backoff {
public:
    Backoff(BackoffStore& store, int period_sec) : m_store(store), m_period_sec(period_sec) {}

    bool enabled() const { return m_period_sec > 0; }
    // Hosts worth trying now: not `,down`, not marked within the period, and not
    // impossible to check (upstream dcc_remove_disliked).
    std::vector<const HostSpec*> usable(const std::vector<HostSpec>& hosts);
    void dislike(const HostSpec& host);
    void enjoy(const HostSpec& host);

private:
    BackoffStore& m_store;
    int m_period_sec;
    std::vector<std::string> m_marked;  // lock keys of hosts with an (old) mark
};

}  // namespace dcc::client
