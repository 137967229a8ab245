// SPDX-License-Identifier: GPL-2.0-or-later
// The listening sockets of standalone mode: the job port and the statistics port
// (doc/daemon.md §5.1).  Non-blocking, close-on-exec, SO_REUSEADDR, backlog 1024,
// TCP_DEFER_ACCEPT unless DISTCC_TCP_DEFER_ACCEPT=0.  Without --listen the socket
// is dual-stack (IPv6 with IPv4-mapped clients), or IPv4 where IPv6 is unavailable.
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::daemon {

struct ListenSocket {
    UniqueFd fd;
    std::string description;  // "127.0.0.1:3632", "[::]:3632"
};

// Bind and listen.  ExitCode::bind_failed ("bind of <addr>:<port> failed: ...") or
// ExitCode::bind_failed for an address that cannot be resolved.
Result<ListenSocket> listen_on(const std::string& address, int port, bool defer_accept);

}  // namespace dcc::daemon
