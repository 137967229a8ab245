// SPDX-License-Identifier: GPL-2.0-or-later
// The main process of standalone mode (doc/daemon.md §5): it forks exactly
// --jobs prefork workers and reaps and replaces them; accepts every connection,
// checks the access list before reading anything, and receives each request
// without blocking (intake.hpp, doc/security.md §1) so that only complete requests
// take one of the --jobs compile slots: a complete request waits in a queue until a
// worker is idle and then goes to it (connection and request file).  With --auth it
// runs the GSS-API handshake first, also without blocking (auth_intake.hpp), and
// hands the authenticated connection to the same intake.  It reopens the log on
// SIGHUP and tells the workers to; with --stats it collects the workers' reports and
// serves the statistics port: distcc 3.4's page, or with `GET /metrics` the
// Prometheus exposition (metrics.hpp), or with `GET /load` the load report the
// clients' host choice asks for (proto/load_report.hpp).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/fd.hpp"
#include "auth/auth.hpp"
#include "daemon/access_list.hpp"
#include "daemon/auth_intake.hpp"
#include "daemon/intake.hpp"
#include "daemon/job.hpp"
#include "daemon/listener.hpp"
#include "daemon/metrics.hpp"
#include "daemon/peer.hpp"
#include "daemon/stats.hpp"
#include "daemon/system_stats.hpp"
#include "daemon/worker_pool.hpp"

namespace dcc::daemon {

struct DispatcherSettings {
    int jobs = 4;
    std::vector<AllowEntry> allow;
    IntakeSettings intake;             // request intake
    // --auth (owned by the server): the dispatcher runs each handshake (auth_intake.hpp)
    const auth::Acceptor* acceptor = nullptr;
    std::string tmpdir = "/tmp";       // for the free-space line of the report
    std::optional<int> oom_score_adj;  // --oom-score-adj, applied by every worker
};

class Dispatcher {
public:
    // `job_sockets`: one or more job ports (more only under socket activation).
    Dispatcher(DispatcherSettings settings, std::vector<ListenSocket> job_sockets,
               std::optional<ListenSocket> stats_socket, JobServer& jobs);
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Serve until a fatal signal ends the process; returns only on a setup error.
    Status run();

private:
    struct Worker {
        pid_t pid = -1;
        UniqueFd channel;
        uint32_t generation = 0;  // which channel of this slot its epoll events name
    };
    struct Parked {
        UniqueFd fd;
        PeerAddress peer;
        std::multimap<int64_t, int>::iterator deadline;
    };
    // A connection ready for a worker: its request received completely.
    struct Pending {
        UniqueFd client;
        UniqueFd spool;
        PeerAddress peer;
        double ready_sec = 0;  // when the request was complete (for the queue-wait metric)
    };

    Status setup();
    Status spawn_worker(std::size_t slot);
    void close_inherited_fds() const;
    void reap_workers();
    void on_signal_pipe();
    void on_job_listen(std::size_t index);
    void on_stats_listen();
    void on_parked(int fd);
    void on_intake(int fd);
    void on_auth_intake(int fd);
    void start_intake(UniqueFd client, const PeerAddress& peer);
    // `value`: the slot and channel generation of the event (worker_value in dispatcher.cpp).
    void on_worker(uint64_t value, uint32_t events);
    void park(UniqueFd fd, const PeerAddress& peer);
    void dispatch();
    void serve_stats(UniqueFd fd);
    std::string load_reply(double now);
    void count_refusal(const char* reason, uint64_t count = 1);
    void evict_oldest();
    void expire_parked();
    int next_timeout_ms() const;

    DispatcherSettings m_settings;
    std::vector<ListenSocket> m_job_sockets;
    std::optional<ListenSocket> m_stats_socket;
    JobServer& m_jobs;
    StatsCollector m_stats;
    MetricsCollector m_metrics;
    SystemSampler m_sampler;
    Intake m_intake;
    std::optional<AuthIntake> m_auth_intake;  // --auth

    UniqueFd m_epoll;
    UniqueFd m_signal_read;
    UniqueFd m_signal_write;
    std::vector<Worker> m_workers;
    WorkerPool m_pool;
    std::deque<Pending> m_pending;  // in arrival order
    std::unordered_map<int, Parked> m_parked;
    std::multimap<int64_t, int> m_deadlines;  // parked fds by deadline
};

}  // namespace dcc::daemon
