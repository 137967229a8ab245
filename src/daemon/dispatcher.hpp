// SPDX-License-Identifier: GPL-2.0-or-later
// The main process of standalone mode: it owns the listening sockets and a pool of
// exactly --jobs prefork workers, and hands each accepted, allowed connection to an
// idle worker once the client has sent its first bytes (daemon.md section 5).  So
// the number of compilations never exceeds --jobs, connections that stay silent wait
// here (bounded by DISTCC_IO_TIMEOUT) instead of blocking a worker, and refused
// addresses never reach a worker.  It also reaps and replaces workers, reopens the
// log on SIGHUP, and serves the statistics port.  Upstream let every worker block in
// accept(); this is a different structure with the same observable behaviour.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
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
    int idle_timeout_ms = 300 * 1000;  // a connection that sends nothing is closed
    std::string tmpdir = "/tmp";       // for the free-space line of the report
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
        bool busy = false;
        bool retiring = false;
    };
    struct Client {
        UniqueFd fd;
        PeerAddress peer;
        bool stats = false;
        std::multimap<int64_t, int>::iterator deadline;
    };
    enum class Readiness { has_data, silent, closed };

    Status setup();
    Status spawn_worker(std::size_t slot);
    void close_inherited_fds(int keep_channel) const;
    void reap_workers();
    void on_signal_pipe();
    void on_listen(int listen_fd, bool stats);
    void on_client(int fd);
    void on_worker(std::size_t slot, uint32_t events);
    void admit(UniqueFd fd, const PeerAddress& peer, bool stats);
    void park(UniqueFd fd, const PeerAddress& peer, bool stats);
    void enqueue(UniqueFd fd, const PeerAddress& peer);
    void dispatch_ready();
    void serve_stats(UniqueFd fd);
    void expire_parked();
    int next_timeout_ms() const;
    static Readiness readiness(int fd);

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
    std::vector<std::size_t> m_idle;  // slots of idle workers
    std::unordered_map<int, Client> m_parked;
    std::multimap<int64_t, int> m_deadlines;  // parked fds by deadline
    std::deque<std::pair<UniqueFd, PeerAddress>> m_ready;
};

}  // namespace dcc::daemon
