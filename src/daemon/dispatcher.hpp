// SPDX-License-Identifier: GPL-2.0-or-later
// The main process of standalone mode (doc/daemon.md §5): it forks exactly
// --jobs prefork workers, which accept and serve connections on the shared listening
// socket themselves, and reaps and replaces them.  It also holds the connections
// that have not sent anything yet (a worker parks them here, bounded by
// DISTCC_IO_TIMEOUT) and hands each one to a worker once its client speaks, so a
// silent client never blocks a worker; reopens the log on SIGHUP and tells the
// workers to; and with --stats collects the workers' reports and serves the
// statistics port.  Nothing here is on a job's path unless --stats is on.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/fd.hpp"
#include "daemon/access_list.hpp"
#include "daemon/job.hpp"
#include "daemon/listener.hpp"
#include "daemon/peer.hpp"
#include "daemon/stats.hpp"
#include "daemon/system_stats.hpp"

namespace dcc::daemon {

struct DispatcherSettings {
    int jobs = 4;
    std::vector<AllowEntry> allow;
    int idle_timeout_ms = 300 * 1000;  // a parked connection that stays silent is closed
    std::string tmpdir = "/tmp";       // for the free-space line of the report
    std::optional<int> oom_score_adj;  // --oom-score-adj, applied by every worker
};

class Dispatcher {
public:
    Dispatcher(DispatcherSettings settings, ListenSocket job_socket, std::optional<ListenSocket> stats_socket,
               JobServer& jobs);
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Serve until a fatal signal ends the process; returns only on a setup error.
    Status run();

private:
    struct Worker {
        pid_t pid = -1;
        UniqueFd channel;
    };
    struct Parked {
        UniqueFd fd;
        PeerAddress peer;
        bool stats = false;
        std::multimap<int64_t, int>::iterator deadline;
    };

    Status setup();
    Status spawn_worker(std::size_t slot);
    void close_inherited_fds() const;
    void reap_workers();
    void on_signal_pipe();
    void on_stats_listen();
    void on_parked(int fd);
    void on_worker(std::size_t slot, uint32_t events);
    void park(UniqueFd fd, const PeerAddress& peer, bool stats);
    void hand_to_worker(UniqueFd fd, const PeerAddress& peer);
    void serve_stats(UniqueFd fd);
    void evict_oldest();
    void expire_parked();
    int next_timeout_ms() const;

    DispatcherSettings m_settings;
    ListenSocket m_job_socket;
    std::optional<ListenSocket> m_stats_socket;
    JobServer& m_jobs;
    StatsCollector m_stats;
    SystemSampler m_sampler;

    UniqueFd m_epoll;
    UniqueFd m_signal_read;
    UniqueFd m_signal_write;
    std::vector<Worker> m_workers;
    std::size_t m_next_worker = 0;  // round robin for parked clients that spoke
    std::unordered_map<int, Parked> m_parked;
    std::multimap<int64_t, int> m_deadlines;  // parked fds by deadline
};

}  // namespace dcc::daemon
