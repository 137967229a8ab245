// SPDX-License-Identifier: GPL-2.0-or-later
// Seams for the daemon's orchestration tests: a connected non-blocking socket pair
// standing in for an accepted client, a scratch directory for request files, and a
// builder for wire requests.  Time is passed explicitly to the classes under test
// (the intake takes `now_ms`), so no fake clock has to be installed.
#pragma once

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "common/fd.hpp"
#include "daemon/peer.hpp"
#include "proto/messages.hpp"

namespace dcc::daemon::fakes {

// The daemon's end (non-blocking, as accept4 gives it) and the client's end.
struct FakeConnection {
    UniqueFd server;
    UniqueFd client;

    static FakeConnection open() {
        int fds[2] = {-1, -1};
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return {};
        ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
        return FakeConnection{UniqueFd(fds[0]), UniqueFd(fds[1])};
    }

    void send(const std::string& bytes) const { (void)!::write(client.get(), bytes.data(), bytes.size()); }

    // Whether the daemon closed its end (the client reads EOF).
    bool closed_by_daemon() const {
        char c;
        return ::recv(client.get(), &c, 1, MSG_DONTWAIT) == 0;
    }
};

inline PeerAddress fake_peer() {
    PeerAddress peer;
    peer.length = 0;  // "unknown address": describe_peer still works
    return peer;
}

// A complete protocol 1/2 request as a client sends it.
inline std::string wire_request(int version, const std::vector<std::string>& argv, const std::string& source) {
    proto::Request r;
    r.version = version;
    r.argv = argv;
    r.doti = source;
    proto::MemorySink sink;
    (void)proto::write_request(sink, r);
    return sink.data();
}

// Everything readable from `fd` from offset 0.
inline std::string read_whole(int fd) {
    std::string out;
    char buffer[4096];
    ssize_t n;
    off_t offset = 0;
    while ((n = ::pread(fd, buffer, sizeof buffer, offset)) > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        offset += n;
    }
    return out;
}

}  // namespace dcc::daemon::fakes
