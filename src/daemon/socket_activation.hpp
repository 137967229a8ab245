// SPDX-License-Identifier: GPL-2.0-or-later
// Socket activation (doc/systemd.md): the sockets a service manager passes to
// distccd -- systemd's sd_listen_fds() protocol, LISTEN_PID / LISTEN_FDS /
// LISTEN_FDNAMES with the sockets from descriptor 3 on, read here without
// libsystemd.  Listening sockets (Accept=no) replace the ones distccd would bind,
// so the preforking model and --allow work as on its own socket; the socket named
// "stats" (FileDescriptorName=stats) becomes the statistics port.  One connected
// socket (Accept=yes) is served like an inetd connection.  The variables are
// removed from the environment so compilers do not inherit them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/environment.hpp"
#include "common/fd.hpp"
#include "common/result.hpp"
#include "daemon/listener.hpp"
#include "daemon/options.hpp"

namespace dcc::daemon {

inline constexpr int k_first_activated_fd = 3;
inline constexpr std::string_view k_stats_socket_name = "stats";

// What the variables say: nullopt when nothing was passed to this process (unset,
// another process's LISTEN_PID, or LISTEN_FDS=0).  Malformed values are
// ExitCode::bad_arguments.  Names missing from LISTEN_FDNAMES are "".
Result<std::optional<std::vector<std::string>>> passed_socket_names(const env::Snapshot& env, long own_pid);

struct PassedSocket {
    int fd = -1;
    std::string name;
    bool listening = false;  // SO_ACCEPTCONN
};

struct Activation {
    enum class Kind { none, listening, accepted };
    Kind kind = Kind::none;
    int job_fd = -1;    // listening: the first job port; accepted: the connection
    int stats_fd = -1;  // listening: the socket named "stats", or -1
    std::vector<int> more_job_fds;  // listening: further job ports (one per ListenStream=)
};

// How distccd uses the passed sockets.  Every listening socket not named "stats" is
// a job port (several ListenStream= lines, e.g. one per interface); a connection
// next to other sockets, or a second "stats" socket, is ExitCode::bad_arguments.
Result<Activation> plan_activation(const std::vector<PassedSocket>& sockets);

// Read and unset the variables, check and describe the descriptors, and plan.
// Listening sockets are made non-blocking and close-on-exec, as distccd's own.
Result<Activation> take_activated_sockets(const env::Snapshot& env);

// The mode to run in.  An explicit --inetd wins (the activation is dropped and
// stdin served); a passed connection means inetd mode on that connection, which
// becomes stdin and stdout, where the inetd server reads and writes; listening
// sockets mean standalone mode.  Otherwise `requested` (maybe unspecified).
Result<Mode> activated_mode(Mode requested, Activation& activation);

// A passed listening socket as the dispatcher takes it ("127.0.0.1:3632").
ListenSocket adopt_listen_socket(int fd);

}  // namespace dcc::daemon
