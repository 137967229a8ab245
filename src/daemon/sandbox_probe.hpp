// SPDX-License-Identifier: GPL-2.0-or-later
// What the running kernel lets this (unprivileged, after dropping root) process do
// to confine its compilers: it starts one trial sandbox (sandbox.hpp) on an empty
// directory and stops it, and asks for the Landlock ABI and seccomp.  A failed trial
// is explained with the sysctls that usually cause it (Debian's
// kernel.unprivileged_userns_clone, user.max_user_namespaces, Ubuntu's AppArmor
// restriction).  sandbox_policy.hpp decides what to do with the result.
#pragma once

#include <string>

#include "daemon/sandbox_policy.hpp"

namespace dcc::daemon {

// `tmpdir`: where the trial's directory is made (and removed again).
KernelSupport probe_kernel_support(const std::string& tmpdir);

}  // namespace dcc::daemon
