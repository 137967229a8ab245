// SPDX-License-Identifier: GPL-2.0-or-later
// The load-aware host policy (doc/client.md §8.1): from what a client knows cheaply
// about each usable host -- its list position and limit, the slot locks held on this
// machine, the observations shared in $DISTCC_DIR (host_observations.hpp) and the
// load the daemon published (load_probe.hpp) -- estimate the completion time of the
// next job on each host, and decide whether to take a free slot now or to wait for
// a better host.  Pure arithmetic; slots.cpp gathers the facts and takes the locks.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "proto/load_report.hpp"

namespace dcc::client {

// What the shared files say about one host (load_probe.hpp fills it).
struct HostFacts {
    double job_sec = 0;                          // decayed mean seconds per job
    double weight = 0;                           // how many (decayed) jobs that mean rests on
    double failures = 0;                         // decayed failures
    std::optional<proto::LoadReport> published;  // fresh published load, if any
    int own_at_probe = 0;                        // of its jobs, held on this machine when it was asked
};

struct HostView {
    int limit = 1;           // slots the host list allows on it
    int own_busy = 0;        // of those, held by clients on this machine
    bool free_slot = false;  // one of its slot locks could be taken now
    int tie = 0;             // order among otherwise equal hosts, lower first (shuffle_ties)
    HostFacts facts;
};

// Observations resting on less weight than this are not trusted: the host counts as
// unknown (and is tried, as an unknown host is assumed as fast as the fastest known).
inline constexpr double k_min_trusted_weight = 0.5;

// The job time assumed for hosts without trusted observations.
double assumed_job_sec(const std::vector<HostView>& hosts);
// Expected seconds until a job sent now to `host` completes, scaled by how busy it
// is; lower is better.  `assumed` is assumed_job_sec() of the list.
double expected_completion(const HostView& host, double assumed);
// Indices of `hosts`, best first: by expected completion, then fewer jobs running,
// then `tie`, then list order (so equal unknown hosts are filled breadth-first, as
// by 3.4).
std::vector<std::size_t> rank_hosts(const std::vector<HostView>& hosts);

// Set each host's `tie` to its list position, then permute the positions of the
// hosts whose load is published (our daemons) among themselves, in an order drawn
// from `seed`: independent clients that see such hosts equally good (each knowing
// only its own locks) then start on different ones instead of all on the first,
// while hosts that publish nothing (distcc 3.4's) keep their list places.
void shuffle_ties(std::vector<HostView>& hosts, unsigned seed);

// The throughput rule (doc/client.md §8.1): once jobs of this machine have been
// waiting for full better hosts for this many job times of the best host without a
// break, a waiting job takes the free slot of a slower host.  A waiting gap shorter
// than k_backlog_gap_jobs job times does not end that backlog.
inline constexpr double k_backlog_jobs = 1.25;
inline constexpr double k_backlog_gap_jobs = 0.5;

struct Choice {
    std::optional<std::size_t> take;    // a host with a free slot to use now
    double best_job_sec = 0;            // job time of the best host (sets the polling pace)
    std::optional<double> backlog_due;  // nothing taken, a slower host is free: seconds of
                                        // backlog still needed before the throughput rule takes it
};
// Take the best host if it has a free slot; else the best host that has one, unless
// waiting for a full but faster host is expected to finish sooner -- or unless this
// machine's jobs have been waiting for `backlog_sec` >= k_backlog_jobs job times of the
// best host (every better host is then full of this machine's jobs, so a slower slot
// adds capacity); else wait.
Choice choose_host(const std::vector<HostView>& hosts, double backlog_sec = 0);

}  // namespace dcc::client
