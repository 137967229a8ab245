// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of slots.hpp (upstream where.c, lock.c and backoff.c).
#include "client/slots.hpp"

#include <time.h>

#include <algorithm>
#include <cerrno>

#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

// Upstream stops at slot 9999 whatever the limits say.
constexpr int k_max_slot = 9999;

int highest_limit(const std::vector<const HostSpec*>& hosts) {
    int highest = 0;
    for (const HostSpec* h : hosts) highest = std::max(highest, h->limit);
    return std::min(highest, k_max_slot + 1);
}

}  // namespace

std::string lock_host_key(const HostSpec& host) {
    switch (host.mode) {
    case HostMode::local: return "localhost";
    case HostMode::tcp: return strings::format("tcp_%s_%d", host.hostname.c_str(), host.port);
    case HostMode::ssh: return "ssh_" + host.hostname;
    }
    return "localhost";
}

std::string slot_lock_name(const HostSpec& host, int slot) {
    return strings::format("cpu_%s_%d", lock_host_key(host).c_str(), slot);
}

std::string local_slot_lock_name(int slot) { return strings::format("cpu_localhost_%d", slot); }

std::string backoff_mark_name(const HostSpec& host) { return "backoff_" + lock_host_key(host) + "_0"; }

void SleepPauser::pause(int milliseconds) {
    struct timespec delay{milliseconds / 1000, static_cast<long>(milliseconds % 1000) * 1000000L};
    while (::nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

Result<std::optional<HostPick>> try_pick_slot(const std::vector<const HostSpec*>& hosts, LockService& locks) {
    int slots = highest_limit(hosts);
    for (int slot = 0; slot < slots; ++slot) {
        for (const HostSpec* host : hosts) {
            if (slot >= host->limit) continue;
            auto handle = locks.try_lock(slot_lock_name(*host, slot));
            if (!handle) return std::move(handle).error();
            if (*handle) return std::optional<HostPick>(HostPick{host, slot, SlotLock(&locks, **handle)});
        }
    }
    return std::optional<HostPick>();
}

Result<HostPick> wait_for_slot(const std::vector<const HostSpec*>& hosts, LockService& locks, Pauser& pauser,
                               int pause_ms) {
    if (hosts.empty()) return make_error(ExitCode::no_hosts, "no host to lock");
    while (true) {
        auto pick = try_pick_slot(hosts, locks);
        if (!pick) return std::move(pick).error();
        if (*pick) return std::move(**pick);
        DCC_DEBUG("all slots busy, sleeping %d ms", pause_ms);
        if (pause_ms > 0) pauser.pause(pause_ms);
    }
}

Result<HostPick> choose_slot(const std::vector<const HostSpec*>& hosts, LockService& locks, HostKnowledge& knowledge,
                             Pauser& pauser, int pause_ms, unsigned tie_seed) {
    if (hosts.empty()) return make_error(ExitCode::no_hosts, "no host to lock");
    while (true) {
        std::vector<HostView> views(hosts.size());
        std::vector<SlotLock> held(hosts.size());
        std::vector<int> held_slot(hosts.size(), 0);
        for (std::size_t i = 0; i < hosts.size(); ++i) {
            const HostSpec& host = *hosts[i];
            HostView& view = views[i];
            view.limit = std::min(host.limit, k_max_slot + 1);
            // Every slot is tried: the first free one is kept until the choice is
            // made, later free ones are let go at once, and the others are held on
            // this machine.  Counting past the first free slot matters: as jobs end
            // out of order the free slot is often a low one, and a count stopping
            // there would take this machine's running jobs for other clients' in
            // the host's published load (host_choice.cpp, running()).
            // Past the first free slot nothing is created: a lock file that does not
            // exist is a free slot, and the directory holds what 3.4's would.
            for (int slot = 0; slot < view.limit; ++slot) {
                if (view.free_slot) {
                    auto busy = locks.held_elsewhere(slot_lock_name(host, slot));
                    if (!busy) return std::move(busy).error();
                    if (*busy) ++view.own_busy;
                    continue;
                }
                auto handle = locks.try_lock(slot_lock_name(host, slot));
                if (!handle) return std::move(handle).error();
                if (!*handle) {
                    ++view.own_busy;
                    continue;
                }
                SlotLock lock(&locks, **handle);
                view.free_slot = true;
                held[i] = std::move(lock);
                held_slot[i] = slot;
            }
            view.facts = knowledge.facts(host, view.own_busy);
        }
        shuffle_ties(views, tie_seed);
        Choice choice = choose_host(views);
        if (!choice.take) {
            // This job waits: note it in the machine's backlog, which may let a
            // slower free host take it (the throughput rule).
            double backlog = knowledge.note_waiting(k_backlog_gap_jobs * choice.best_job_sec);
            if (choice.backlog_due) choice = choose_host(views, backlog);
        }
        if (choice.take) {
            std::size_t i = *choice.take;
            DCC_DEBUG("chose %s (slot %d, %d busy here)", hosts[i]->text.c_str(), held_slot[i], views[i].own_busy);
            // A client passing at the same time saw the free slots held here as this
            // machine's running jobs and may have gone to wait: announce them, so it
            // looks again at once.  Passes in the same list order follow each other
            // in step, and the one behind would otherwise leave a free slot unused
            // until its next wake-up.  Only a pick announces: a waiting pass letting
            // go would wake the other waiters back and forth.
            for (std::size_t k = 0; k < held.size(); ++k)
                if (k != i) held[k].release_to_waiters();
            return HostPick{hosts[i], held_slot[i], std::move(held[i])};
        }
        held.clear();  // unlock before waiting
        int poll_ms = std::clamp(static_cast<int>(choice.best_job_sec * 1000 / 4), 5, std::max(pause_ms, 5));
        // Look again when the backlog becomes long enough for the throughput rule.
        if (choice.backlog_due) poll_ms = std::clamp(static_cast<int>(*choice.backlog_due * 1000) + 1, 5, poll_ms);
        DCC_DEBUG("waiting up to %d ms for a better host", poll_ms);
        if (pause_ms > 0) pauser.wait_for_release(poll_ms);
    }
}

Result<HostPick> wait_for_local_slot(int pool_size, LockService& locks, Pauser& pauser, int pause_ms) {
    HostSpec pool;
    pool.mode = HostMode::local;
    pool.hostname = "localhost";
    pool.text = "localhost";
    pool.limit = std::max(pool_size, 1);
    std::vector<const HostSpec*> hosts{&pool};
    auto pick = wait_for_slot(hosts, locks, pauser, pause_ms);
    if (pick) pick->host = nullptr;  // `pool` dies here; callers know it is local
    return pick;
}

std::vector<const HostSpec*> Backoff::usable(const std::vector<HostSpec>& hosts) {
    std::vector<const HostSpec*> out;
    out.reserve(hosts.size());
    for (const HostSpec& host : hosts) {
        if (host.down) continue;
        if (enabled()) {
            auto age = m_store.age_seconds(backoff_mark_name(host));
            if (!age) {
                DCC_WARNING("%s", age.error().message.c_str());
                continue;
            }
            if (*age) {
                m_marked.push_back(lock_host_key(host));
                if (**age < m_period_sec) {
                    DCC_INFO("%s is in backoff for another %.0fs", host.text.c_str(), m_period_sec - **age);
                    continue;
                }
            }
        }
        out.push_back(&host);
    }
    return out;
}

void Backoff::dislike(const HostSpec& host) {
    if (!enabled()) return;
    m_marked.push_back(lock_host_key(host));
    auto touched = m_store.touch(backoff_mark_name(host));
    if (!touched) DCC_WARNING("%s", touched.error().message.c_str());
}

void Backoff::enjoy(const HostSpec& host) {
    // Only a mark seen by usable() can exist (or one another client made since; it
    // expires by itself), which saves an unlink per job.
    if (!enabled() || std::find(m_marked.begin(), m_marked.end(), lock_host_key(host)) == m_marked.end()) return;
    m_store.remove(backoff_mark_name(host));
}

}  // namespace dcc::client
