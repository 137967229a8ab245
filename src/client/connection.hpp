// SPDX-License-Identifier: GPL-2.0-or-later
// The two ways a client reaches a daemon (doc/protocol.md §1, §10 and §12): a TCP
// connection opened with a 4-second non-blocking connect, or an ssh tunnel running
// `distccd --inetd` whose stdin/stdout are two socketpairs.  Either way the job sees
// a read descriptor and a write descriptor, both non-blocking, and the protocol
// streams of proto/stream.hpp do the rest.  What to send is not decided here.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "client/host_spec.hpp"
#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::client {

inline constexpr int k_connect_timeout_ms = 4000;

struct TransportSettings {
    int connect_timeout_ms = k_connect_timeout_ms;
    std::string ssh_command = "ssh";  // DISTCC_SSH, split on single spaces
    bool tcp_cork = true;             // DISTCC_TCP_CORK
};

class Connection {
public:
    Connection() = default;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    ~Connection();

    // TCP: connect to host:port.  Errors are ExitCode::connect_failed with upstream's
    // messages ("nonblocking connect to ... failed", "timeout while connecting").
    static Result<Connection> open_tcp(const std::string& host, int port, const TransportSettings& settings);
    // ssh: start the tunnel; failures show up later as EOF on read.
    static Result<Connection> open_ssh(const HostSpec& host, const TransportSettings& settings);
    // Pick by host mode (tcp or ssh).
    static Result<Connection> open(const HostSpec& host, const TransportSettings& settings);
    // A connection over descriptors someone else made (a socketpair in unit tests):
    // `write` may be empty, then `read` carries both directions.  Never corked.
    static Connection from_descriptors(UniqueFd read, UniqueFd write);

    int read_fd() const { return m_read.get(); }
    int write_fd() const { return m_write.valid() ? m_write.get() : m_read.get(); }

    // TCP_CORK on TCP connections when enabled; a no-op for ssh.
    void cork(bool on);

    // Close the descriptors and, for ssh, reap the tunnel process.
    void close();
    // The same after a failed job: the tunnel is sent SIGTERM first, so a daemon
    // that never answers cannot keep us waiting for ssh.
    void abort();

private:
    UniqueFd m_read;   // TCP: the socket; ssh: the tunnel's stdout
    UniqueFd m_write;  // ssh only: the tunnel's stdin
    pid_t m_tunnel = -1;
    bool m_cork_enabled = false;
};

// How a remote attempt reaches a host: the seam between remote_compile.cpp and the
// network, so unit tests can hand it one end of a socketpair.
class Connector {
public:
    virtual ~Connector() = default;
    virtual Result<Connection> open(const HostSpec& host, const TransportSettings& settings) = 0;
};

// The real one: Connection::open (TCP or ssh).
class NetworkConnector final : public Connector {
public:
    Result<Connection> open(const HostSpec& host, const TransportSettings& settings) override {
        return Connection::open(host, settings);
    }
};

// The tunnel command line (doc/protocol.md §10):
// <ssh> [extra words of DISTCC_SSH, at most 12] [-l USER] HOST <command> --inetd
// --enable-tcp-insecure
std::vector<std::string> ssh_tunnel_argv(const HostSpec& host, const std::string& ssh_command);

}  // namespace dcc::client
