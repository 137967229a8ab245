// SPDX-License-Identifier: GPL-2.0-or-later
// The first process of a sandbox (sandbox.hpp), from the moment clone() returned in
// it: it maps the daemon's uid and gid, carries out the mount plan of
// sandbox_plan.hpp, works out the resource limits of its compilers, gives up its
// capabilities and then serves launch requests (sandbox_protocol.hpp) until the
// worker closes its end.
// It never returns.  It does not decide what a compiler's exit means.
#pragma once

#include <sys/types.h>

#include "daemon/sandbox.hpp"

namespace dcc::daemon {

[[noreturn]] void run_sandbox_init(int socket_fd, const Sandbox::Settings& settings, uid_t uid, gid_t gid);

}  // namespace dcc::daemon
