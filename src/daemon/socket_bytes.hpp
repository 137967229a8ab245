// SPDX-License-Identifier: GPL-2.0-or-later
// The bytes one TCP connection carried, as the kernel counted them (doc/daemon.md
// §13.1): received from the client (TCP_INFO tcpi_bytes_received) and written to it
// (tcpi_bytes_acked plus what still waits in the send queue, SIOCOUTQ).  A worker
// asks once per job, whoever read the bytes (the dispatcher's intake or the worker),
// so nothing is counted on the I/O path.
#pragma once

#include <cstdint>
#include <optional>

namespace dcc::daemon {

struct SocketBytes {
    uint64_t received = 0;
    uint64_t sent = 0;
};

// Nothing for a descriptor that is not a TCP socket (inetd's pipes, a Unix socket).
std::optional<SocketBytes> socket_bytes(int fd);

}  // namespace dcc::daemon
