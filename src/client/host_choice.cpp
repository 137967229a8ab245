// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_choice.hpp.
#include "client/host_choice.hpp"

#include <algorithm>
#include <numeric>
#include <random>

namespace dcc::client {
namespace {

constexpr double k_default_job_sec = 1.0;
// A host running jobs is assumed a little slower per job (it shares CPU, disk and
// network among them): at its full slots, by this fraction.
constexpr double k_contention = 0.25;
constexpr double k_max_load_factor = 4.0;

bool trusted(const HostView& h) { return h.facts.weight >= k_min_trusted_weight; }

int capacity(const HostView& h) {
    return h.facts.published ? std::max(h.facts.published->slots, 1) : std::max(h.limit, 1);
}

// The published count (up to a few seconds old) includes this machine's jobs as they
// were when it was asked; the rest are other machines' (or other DISTCC_DIRs') jobs,
// added to this machine's jobs as the locks say now.
int running(const HostView& h) {
    if (!h.facts.published) return h.own_busy;
    int others = std::max(0, h.facts.published->running + h.facts.published->queued - h.facts.own_at_probe);
    return h.own_busy + others;
}

}  // namespace

double assumed_job_sec(const std::vector<HostView>& hosts) {
    double best = 0;
    for (const HostView& h : hosts)
        if (trusted(h) && h.facts.job_sec > 0 && (best == 0 || h.facts.job_sec < best)) best = h.facts.job_sec;
    return best > 0 ? best : k_default_job_sec;
}

double expected_completion(const HostView& h, double assumed) {
    double base = trusted(h) && h.facts.job_sec > 0 ? h.facts.job_sec : assumed;
    double slots = capacity(h);
    double busy = running(h);
    // Jobs beyond its slots wait for earlier ones: about base/slots per job ahead.
    double queue = std::max(0.0, busy + 1 - slots);
    double expected = base * (1 + queue / slots);
    expected *= 1 + k_contention * std::min(busy, slots) / slots;
    if (h.facts.published && h.facts.published->cpus > 0 && h.facts.published->load1 > h.facts.published->cpus)
        expected *= std::min(h.facts.published->load1 / h.facts.published->cpus, k_max_load_factor);
    return expected * (1 + h.facts.failures);
}

std::vector<std::size_t> rank_hosts(const std::vector<HostView>& hosts) {
    double assumed = assumed_job_sec(hosts);
    std::vector<double> score(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) score[i] = expected_completion(hosts[i], assumed);
    std::vector<std::size_t> order(hosts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (score[a] != score[b]) return score[a] < score[b];
        if (running(hosts[a]) != running(hosts[b])) return running(hosts[a]) < running(hosts[b]);
        return hosts[a].tie < hosts[b].tie;
    });
    return order;
}

void shuffle_ties(std::vector<HostView>& hosts, unsigned seed) {
    std::vector<int> published;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        hosts[i].tie = static_cast<int>(i);
        if (hosts[i].facts.published) published.push_back(static_cast<int>(i));
    }
    std::vector<int> places = published;
    std::seed_seq mixed{seed};  // near seeds (the PIDs of one make -j) give unrelated orders
    std::mt19937 random(mixed);
    std::shuffle(places.begin(), places.end(), random);
    for (std::size_t k = 0; k < published.size(); ++k) hosts[static_cast<std::size_t>(published[k])].tie = places[k];
}

Choice choose_host(const std::vector<HostView>& hosts, double backlog_sec) {
    Choice choice;
    if (hosts.empty()) return choice;
    std::vector<std::size_t> order = rank_hosts(hosts);
    const HostView& best = hosts[order.front()];
    double assumed = assumed_job_sec(hosts);
    choice.best_job_sec = trusted(best) && best.facts.job_sec > 0 ? best.facts.job_sec : assumed;
    for (std::size_t i : order) {
        if (hosts[i].free_slot) {
            choice.take = i;
            break;
        }
    }
    if (!choice.take || *choice.take == order.front()) return choice;
    // The best host is full here.  Waiting for it costs about one of its jobs per
    // slot ahead of us, which expected_completion() already counts: take the free
    // host only if it still finishes no later.
    if (expected_completion(hosts[*choice.take], assumed) <= expected_completion(best, assumed)) return choice;
    // Waiting: every host ranked before the free one has all its slots locked on this
    // machine.  While that backlog persists, the slower slot adds capacity; its cost
    // is bounded to the tail of a build (one slower job per slot at most).
    double due = k_backlog_jobs * choice.best_job_sec - backlog_sec;
    if (due > 0) {
        choice.take.reset();
        choice.backlog_due = due;
    }
    return choice;
}

}  // namespace dcc::client
