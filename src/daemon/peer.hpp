// SPDX-License-Identifier: GPL-2.0-or-later
// The address of the client of one job, as the dispatcher got it from accept() or
// the inetd server from getpeername(), and its text form for log lines and the job
// summary: "127.0.0.1:59636", "::1:4000", "UNIX-DOMAIN <path>" or "NOTSOCKET"
// (upstream dcc_sockaddr_to_string).  IPv4-mapped IPv6 addresses print as IPv4.
#pragma once

#include <sys/socket.h>

#include <string>

namespace dcc::daemon {

struct PeerAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;  // 0: not a socket, or the address is unknown

    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    bool known() const { return length > 0; }
};

std::string describe_peer(const PeerAddress& peer);

// getpeername() on fd; an unknown address (length 0) when fd is not a socket.
PeerAddress peer_of(int fd);

}  // namespace dcc::daemon
