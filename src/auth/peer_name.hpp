// SPDX-License-Identifier: GPL-2.0-or-later
// The canonical host name of the peer of a connected socket, found by reverse
// lookup of its address.  The client half of the GSS-API layer uses it to name the
// server principal when the host spec has no `,auth=NAME`.  Works for IPv4 and
// IPv6 peers (upstream handles IPv4 only); pipes and Unix sockets have no name.
#pragma once

#include <string>

#include "common/result.hpp"

namespace dcc::auth {

// getpeername + reverse lookup (upstream: getpeername + gethostbyaddr, h_name).
// Fails with connect_failed, as upstream does.
Result<std::string> peer_host_name(int socket_fd);

}  // namespace dcc::auth
