// SPDX-License-Identifier: GPL-2.0-or-later
// The seccomp filter of the compiler sandbox (doc/security.md §3): system calls a
// compiler never needs and that reach past the namespaces -- socket() (a Unix
// socket bound to a path on the read-only file system would still accept a
// connection), io_uring (which can open sockets without socket()), ptrace and
// process_vm_*, the kernel keyrings (not namespaced), new namespaces and every mount
// call -- fail with EPERM (clone3 with ENOSYS, so that the C library falls back to
// clone, whose namespace flags are checked).  A system call of another architecture
// than the daemon's kills the process: the filter could not check it.  The sandbox's
// first process installs it once; every compiler inherits it.
#pragma once

#include <linux/filter.h>

#include <vector>

#include "common/result.hpp"

namespace dcc::daemon {

// The BPF program; empty on an architecture this file does not know (then the
// sandbox runs without one).
std::vector<sock_filter> sandbox_seccomp_program();

// Install it for this process and its future children (needs no_new_privs).
Status install_sandbox_seccomp();

}  // namespace dcc::daemon
