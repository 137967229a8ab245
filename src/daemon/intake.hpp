// SPDX-License-Identifier: GPL-2.0-or-later
// Request intake (doc/security.md §1): the dispatcher's non-blocking reader of new
// connections.  Each connection's bytes are framed (proto::RequestFramer) and
// spooled -- kept in memory up to a small per-connection and total budget, then
// written to an unnamed file in $TMPDIR -- until the request is complete (one that
// fits its budget is handed on in a memfd); only then
// is it ready for a compile slot, as the connection plus a descriptor holding the
// request from offset 0.  Connections that stall (no byte for the idle timeout),
// trickle (slower than --min-rate inside a packet) or take longer than
// --request-timeout in all are closed with one log line; when the table is full the
// longest-waiting connection makes room.  The clock is a parameter, so tests can
// drive every rule without waiting.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/fd.hpp"
#include "daemon/connection_table.hpp"
#include "daemon/peer.hpp"
#include "proto/limits.hpp"
#include "proto/request_framer.hpp"

namespace dcc::daemon {

struct IntakeSettings {
    proto::Limits limits;
    std::string spool_dir = "/tmp";                     // $TMPDIR
    int64_t idle_timeout_ms = 300 * 1000;               // silence (DISTCC_IO_TIMEOUT)
    int64_t request_timeout_ms = 300 * 1000;            // accept to last byte (--request-timeout)
    uint64_t min_rate = 1024;                           // bytes/s inside a packet (--min-rate); 0: off
    int64_t rate_window_ms = 10 * 1000;                 // the rate is judged over windows this long
    std::size_t max_connections = 4000;                 // connections being read at once
    std::size_t memory_per_connection = 64 * 1024;      // then the request spills to its file
    std::size_t memory_total = std::size_t(64) << 20;   // all in-memory buffers together
    uint64_t spool_total = uint64_t(4) << 30;           // all spool files together
    // The daemon serves protocol 3 (pump mode): such a request is read whole like
    // any other.  False hands it on after its DIST packet (the reader refuses it).
    bool serves_protocol_3 = true;
};

// A complete (or settled) request, ready for a compile slot.
struct ReadyRequest {
    UniqueFd client;
    UniqueFd spool;  // the request's bytes from offset 0
    PeerAddress peer;
    uint64_t bytes = 0;
    int64_t accepted_ms = 0;  // when admit() took the connection
};

class Intake {
public:
    explicit Intake(IntakeSettings settings)
        : m_settings(std::move(settings)), m_connections(m_settings.max_connections) {}

    // Start reading a new connection (non-blocking socket).  When the table is full,
    // the connection accepted longest ago is closed first.
    void admit(UniqueFd fd, const PeerAddress& peer, int64_t now_ms);

    enum class Progress { reading, ready, closed };
    // Read what `fd` has (until EAGAIN or a bounded amount).  `ready`: take() it;
    // `closed`: it was closed (the client left before the request was complete, an
    // error, a cap) and forgotten.
    Progress on_readable(int fd, int64_t now_ms);

    // Hand over a connection on_readable() called ready.
    std::optional<ReadyRequest> take(int fd);

    // Close the connections whose deadline passed; returns how many.
    std::size_t expire(int64_t now_ms);
    // The earliest moment expire() has something to do; -1 when nothing is waiting.
    int64_t next_check_ms() const;

    // In a freshly forked worker: close every descriptor this table holds (the
    // worker's copy of the table is never used).
    void close_descriptors_in_child() const;

    std::size_t size() const { return m_connections.size(); }
    std::size_t memory_in_use() const { return m_memory; }
    uint64_t spool_in_use() const { return m_spooled; }
    const IntakeSettings& settings() const { return m_settings; }

private:
    struct Connection {
        UniqueFd fd;
        PeerAddress peer;
        std::unique_ptr<proto::RequestFramer> framer;
        std::string memory;  // bytes not yet in the spool file
        UniqueFd spool;
        uint64_t spooled = 0;  // bytes in the spool file
        uint64_t received = 0;
        int64_t accepted_ms = 0;
        int64_t last_byte_ms = 0;
        int64_t window_start_ms = 0;
        uint64_t window_start_bytes = 0;
        bool mid_packet_at_window_start = false;
        bool ready = false;
    };

    enum class Verdict { keep, idle, trickle, deadline };
    Verdict judge(Connection& c, int64_t now_ms);
    void schedule(const Connection& c, int fd);
    bool store(Connection& c, const char* data, std::size_t size);
    bool spill(Connection& c);
    void forget(int fd);

    IntakeSettings m_settings;
    ConnectionTable<Connection> m_connections;  // checks: the next rule check per connection
    std::size_t m_memory = 0;
    uint64_t m_spooled = 0;
};

// An unnamed file in `dir` for one request's bytes (O_TMPFILE, else a named file
// removed at once): nothing is left behind whatever happens to the process.
Result<UniqueFd> open_spool_file(const std::string& dir);

}  // namespace dcc::daemon
