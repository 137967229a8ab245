// SPDX-License-Identifier: GPL-2.0-or-later
// --sandbox=auto|required|off and what distccd does with it (doc/security.md §3):
// the mode's words, what the kernel offers (KernelSupport, filled in by
// sandbox_probe.hpp) and the pure decision from both -- confine every compiler in
// namespaces, run it unconfined, or refuse to start.  It probes nothing and starts
// nothing; server.cpp logs the decision once and acts on it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "common/result.hpp"

namespace dcc::daemon {

enum class SandboxMode { automatic, required, off };

// "auto", "required", "off"; nullopt for anything else.
std::optional<SandboxMode> parse_sandbox_mode(std::string_view word);
const char* sandbox_mode_name(SandboxMode mode);

// What the running kernel allows an unprivileged distccd, as sandbox_probe.hpp found.
struct KernelSupport {
    bool namespaces = false;         // a trial sandbox (user, mount, network, PID, IPC, UTS) started
    std::string namespaces_problem;  // why not, when !namespaces
    int landlock_abi = 0;            // 0: no Landlock
    bool seccomp_filter = false;     // seccomp(2) filters can be installed
};

enum class Confinement { none, namespaces };

struct SandboxDecision {
    Confinement confinement = Confinement::none;
    std::optional<Error> refusal;  // --sandbox=required that cannot be met: do not start
    log::Level level = log::Level::info;
    std::string message;  // the one line to log at startup ("" : nothing to say)
};

// The decision for `mode` on a kernel with `support`.  Without namespaces, auto runs
// compilers unconfined and says why once (warning); required refuses to start with
// ExitCode::distcc_failed and the same reason.  Landlock and seccomp are reported,
// not used: alone they cannot hide other processes (doc/security.md §3).
SandboxDecision decide_sandbox(SandboxMode mode, const KernelSupport& support);

}  // namespace dcc::daemon
