// SPDX-License-Identifier: GPL-2.0-or-later
// What the host choice knows about a host (doc/client.md §8.2): the shared
// observations of host_observations.hpp plus the load the daemon publishes for
// `GET /load` on its statistics port (proto/load_report.hpp).  The query is made at
// most once per host per k_probe_interval_sec by all clients of this machine
// together, with a short timeout; a host that does not answer with a load report (a
// distcc 3.4 daemon, no --stats, ssh) is judged by observation alone.
#pragma once

#include <optional>
#include <string>

#include "client/host_choice.hpp"
#include "client/host_observations.hpp"
#include "client/host_spec.hpp"

namespace dcc::client {

inline constexpr double k_probe_interval_sec = 1.0;
// A published load older than this is ignored.
inline constexpr double k_published_max_age_sec = 3 * k_probe_interval_sec;
inline constexpr int k_probe_timeout_ms = 250;

// The seam between the job flow and the shared files / the network; unit tests of
// the job flow pass none (nullptr: distcc 3.4's list-order choice).
class HostKnowledge {
public:
    virtual ~HostKnowledge() = default;
    // `own_busy`: the host's slots held on this machine now.
    virtual HostFacts facts(const HostSpec& host, int own_busy) = 0;
    virtual void job_done(const HostSpec& host, double seconds) = 0;
    virtual void job_failed(const HostSpec& host) = 0;
    // A job of this machine waits for a slot: how long such waiting has lasted
    // without a gap of more than `gap` seconds (ObservationStore::note_waiting).
    virtual double note_waiting(double gap) = 0;
};

// Ask `address`:`stats_port` for its load report.  nullopt on any failure or when
// the report names another job port than `job_port` (another daemon answered).
std::optional<proto::LoadReport> query_load(const std::string& address, int stats_port, int job_port, int timeout_ms);

// The real one.  `stats_port` 0 disables the queries (DISTCC_LOAD_PORT=0).
class SharedHostKnowledge final : public HostKnowledge {
public:
    SharedHostKnowledge(ObservationStore& store, int stats_port) : m_store(store), m_stats_port(stats_port) {}
    HostFacts facts(const HostSpec& host, int own_busy) override;
    void job_done(const HostSpec& host, double seconds) override;
    void job_failed(const HostSpec& host) override;
    double note_waiting(double gap) override;

private:
    ObservationStore& m_store;
    int m_stats_port;
};

}  // namespace dcc::client
