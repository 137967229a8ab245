// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of serve_modes.hpp (upstream dcc_inetd_server and the --no-fork
// branch of dcc_standalone_server).
#include "daemon/serve_modes.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/io.hpp"
#include "common/log.hpp"
#include "common/version.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {
namespace {

bool allowed(const std::vector<AllowEntry>& allow, const PeerAddress& peer) {
    if (check_peer(allow, peer.get(), peer.length) == PeerVerdict::allowed) return true;
    DCC_ERROR("connection from client '%s' denied by access list", describe_peer(peer).c_str());
    return false;
}

int exit_code_for(const JobOutcome& outcome) {
    switch (outcome.category) {
    case JobCategory::compile_ok:
    case JobCategory::compile_error:
    case JobCategory::compile_timeout: return 0;
    default: return outcome.ret;
    }
}

}  // namespace

int serve_inetd(JobServer& jobs, const std::vector<AllowEntry>& allow) {
    DCC_INFO("inetd server started (%s %s, built %s)", version_string(), gnu_host(), build_date().c_str());
    PeerAddress peer = peer_of(STDIN_FILENO);
    if (!peer.known()) DCC_NOTICE("failed to get peer name: %s", std::strerror(ENOTSOCK));
    if (!allowed(allow, peer)) return to_int(ExitCode::access_denied);
    // Non-blocking, so that reads and writes honour DISTCC_IO_TIMEOUT (never a
    // terminal's descriptor, which the user's shell shares).
    for (int fd : {STDIN_FILENO, STDOUT_FILENO})
        if (!::isatty(fd)) (void)io::set_nonblocking(fd, true);
    if (!jobs.authenticate(STDIN_FILENO, STDOUT_FILENO, peer)) return to_int(ExitCode::gssapi_failed);
    JobOutcome outcome = jobs.serve(STDIN_FILENO, STDOUT_FILENO, peer);
    ::close(STDIN_FILENO);
    return exit_code_for(outcome);
}

int serve_without_forking(const std::vector<ListenSocket>& sockets, JobServer& jobs, const std::vector<AllowEntry>& allow) {
    std::vector<pollfd> polled;
    for (const ListenSocket& socket : sockets) polled.push_back(pollfd{socket.fd.get(), POLLIN, 0});
    while (true) {
        for (pollfd& p : polled) p.revents = 0;
        if (::poll(polled.data(), polled.size(), -1) < 0 && errno != EINTR) break;
        auto ready = std::find_if(polled.begin(), polled.end(), [](const pollfd& p) { return p.revents != 0; });
        if (ready == polled.end()) continue;
        PeerAddress peer;
        peer.length = sizeof peer.storage;
        int fd = ::accept4(ready->fd, reinterpret_cast<sockaddr*>(&peer.storage), &peer.length,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) continue;
            DCC_ERROR("accept failed: %s", std::strerror(errno));
            return to_int(ExitCode::connect_failed);
        }
        UniqueFd client(fd);
        if (allowed(allow, peer) && jobs.authenticate(client.get(), client.get(), peer))
            jobs.serve(client.get(), client.get(), peer);
    }
    return to_int(ExitCode::connect_failed);
}

}  // namespace dcc::daemon
