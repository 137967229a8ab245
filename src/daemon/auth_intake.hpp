// SPDX-License-Identifier: GPL-2.0-or-later
// The GSS-API handshake of --auth connections, run by the dispatcher without
// blocking (doc/security.md §1): the client's '*' and tokens are read as they arrive
// (auth::ClientHandshakeFramer), each complete token goes to gss_accept_sec_context
// (CPU work only, no I/O) and the reply is sent at once, so a slow or stalled client
// holds a descriptor and a small buffer here, never a compile worker.  An
// authenticated connection is then handed to the request intake (intake.hpp) like a
// plain one.  Silence for the idle timeout or a handshake longer than the request
// timeout closes the connection with one log line.  The clock is a parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/auth.hpp"
#include "auth/token_framing.hpp"
#include "common/fd.hpp"
#include "daemon/connection_table.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {

struct AuthIntakeSettings {
    int64_t idle_timeout_ms = 300 * 1000;     // silence (DISTCC_IO_TIMEOUT)
    int64_t request_timeout_ms = 300 * 1000;  // accept to the end of the handshake (--request-timeout)
    std::size_t max_connections = 4000;       // handshakes under way at once
};

// A connection whose client is authenticated and admitted ('y' sent).
struct Authenticated {
    UniqueFd client;
    PeerAddress peer;
    std::string principal;
};

class AuthIntake {
public:
    // `acceptor` must outlive this table.
    AuthIntake(const auth::Acceptor& acceptor, AuthIntakeSettings settings)
        : m_acceptor(&acceptor), m_settings(settings), m_connections(m_settings.max_connections) {}

    // Start a handshake on a new connection (non-blocking socket).  When the table is
    // full, the connection accepted longest ago is closed first.
    void admit(UniqueFd fd, const PeerAddress& peer, int64_t now_ms);

    enum class Progress { handshaking, authenticated, closed };
    // Read what `fd` has, answering each item.  `authenticated`: take() it;
    // `closed`: refused or gone, closed and forgotten (one log line).
    Progress on_readable(int fd, int64_t now_ms);

    std::optional<Authenticated> take(int fd);

    // Close the connections whose deadline passed; returns how many.
    std::size_t expire(int64_t now_ms);
    // The earliest moment expire() has something to do; -1 when nothing is waiting.
    int64_t next_check_ms() const;

    // In a freshly forked worker: close every descriptor this table holds.
    void close_descriptors_in_child() const;

    std::size_t size() const { return m_connections.size(); }

private:
    struct Connection {
        UniqueFd fd;
        PeerAddress peer;
        auth::ClientHandshakeFramer framer;
        std::optional<auth::AcceptorExchange> exchange;
        std::string principal;
        uint64_t received = 0;
        int64_t accepted_ms = 0;
        int64_t last_byte_ms = 0;
        bool authenticated = false;
    };

    // Answer one framed item; an error refuses the client.
    Status answer(Connection& c, auth::ClientHandshakeFramer::Item item);
    void schedule(const Connection& c, int fd);
    void forget(int fd);

    const auth::Acceptor* m_acceptor;
    AuthIntakeSettings m_settings;
    ConnectionTable<Connection> m_connections;  // checks: the deadline per connection
};

}  // namespace dcc::daemon
