// SPDX-License-Identifier: GPL-2.0-or-later
// What every client on this machine has recently seen of each host (doc/client.md
// §8.2): the decayed mean wall time of a job there (queueing, compile and transfer
// together), decayed failures, and the host's last published load with the time it
// was asked.  One small file per host in $DISTCC_DIR/hostload, named by the lock key
// (slots.hpp), holding one fixed-size text record.  Updates take an fcntl write lock
// (released by the kernel if the client dies), read, and rewrite the record in one
// write; a record that does not parse counts as empty, so a torn file costs only
// history.  Reading and deciding are not done here (host_choice.hpp).
#pragma once

#include <optional>
#include <string>

#include "proto/load_report.hpp"

namespace dcc::client {

// Observations lose half their weight every k_observation_half_life_sec.
inline constexpr double k_observation_half_life_sec = 60.0;

struct HostRecord {
    double updated = 0;                          // realtime seconds when job_sec/weight/failures were last decayed
    double job_sec = 0;                          // decayed mean seconds per job
    double weight = 0;                           // decayed number of jobs behind job_sec
    double failures = 0;                         // decayed number of failures
    double probed_at = 0;                        // realtime seconds of the last load query (answered or not)
    std::optional<proto::LoadReport> published;  // its answer, if it gave one
    int own_at_probe = 0;                        // slots held on this machine when it was asked

    // The same record aged to `now` (weights decayed; nothing else changes).
    HostRecord decayed(double now) const;
};

// The text form (one line, at most k_record_size bytes) and back; nullopt when the
// text is not a record.
inline constexpr std::size_t k_record_size = 192;
std::string format_record(const HostRecord& record);
std::optional<HostRecord> parse_record(const std::string& text);

class ObservationStore {
public:
    // $DISTCC_DIR/hostload, created on first write (with $DISTCC_DIR itself only when
    // `create_parent`, as for the lock directory).
    ObservationStore(std::string distcc_dir, bool create_parent);

    // The record of host `key` decayed to `now`; empty when there is none.
    HostRecord read(const std::string& key, double now) const;
    // A job on `key` took `seconds` (wall time of the remote attempt).
    void record_job(const std::string& key, double seconds, double now);
    // An attempt on `key` failed (the host's fault: connect, protocol, crash).
    void record_failure(const std::string& key, double now);
    // Whether the caller should ask `key` for its load now: true at most once per
    // `interval` seconds for all clients together (the time is claimed atomically).
    bool claim_probe(const std::string& key, double now, double interval);
    // The answer of that query (nullopt: none, e.g. a distcc 3.4 daemon), asked while
    // this machine held `own_busy` of the host's slots.
    void record_probe(const std::string& key, const std::optional<proto::LoadReport>& load, double now, int own_busy);
    // A job of this machine is waiting for a slot now (the throughput rule,
    // host_choice.hpp): returns how long such waiting has lasted, without a gap of
    // more than `gap` seconds between the waiters' notes.  Kept in
    // $DISTCC_DIR/hostload/backlog ("bl1 <since> <last>"), updated as the host
    // records; a waiter that dies stops noting, so the backlog ends by itself.
    double note_waiting(double now, double gap);

private:
    template <typename Change>
    void update(const std::string& key, Change change);
    // Under the file's write lock: `change` gets the text read and rewrites it,
    // returning false to leave the file as it was.
    template <typename Change>
    void update_text(const std::string& file, Change change);
    std::string file_of(const std::string& key) const;

    std::string m_distcc_dir;
    std::string m_dir;
    bool m_create_parent;
};

}  // namespace dcc::client
