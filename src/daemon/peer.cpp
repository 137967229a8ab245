// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of peer.hpp.
#include "daemon/peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

#include "common/strings.hpp"

namespace dcc::daemon {

std::string describe_peer(const PeerAddress& peer) {
    if (!peer.known()) return "NOTSOCKET";
    char text[INET6_ADDRSTRLEN] = "";
    switch (peer.storage.ss_family) {
    case AF_INET: {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&peer.storage);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        return strings::format("%s:%u", text, ntohs(in->sin_port));
    }
    case AF_INET6: {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&peer.storage);
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            inet_ntop(AF_INET, in6->sin6_addr.s6_addr + 12, text, sizeof text);
        else
            inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        return strings::format("%s:%u", text, ntohs(in6->sin6_port));
    }
    case AF_UNIX: {
        const auto* un = reinterpret_cast<const sockaddr_un*>(&peer.storage);
        std::size_t max = peer.length > offsetof(sockaddr_un, sun_path) ? peer.length - offsetof(sockaddr_un, sun_path) : 0;
        return "UNIX-DOMAIN " + std::string(un->sun_path, strnlen(un->sun_path, std::min(max, sizeof un->sun_path)));
    }
    default:
        return strings::format("(family %d)", static_cast<int>(peer.storage.ss_family));
    }
}

PeerAddress peer_of(int fd) {
    PeerAddress peer;
    peer.length = sizeof peer.storage;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer.storage), &peer.length) != 0) peer.length = 0;
    return peer;
}

}  // namespace dcc::daemon
