// SPDX-License-Identifier: GPL-2.0-or-later
// Dropping root (doc/daemon.md §6): a distccd started as root becomes --user, else
// "distcc", else "distccd" (the user Debian's package creates), else "nobody", else
// uid/gid 65534, before it accepts any work, and then checks that it really is no
// longer root.  Also sets no_new_privs, so nothing a job runs can gain privileges
// through set-uid programs.  Does nothing for a non-root daemon except warn that
// --user is ignored.
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"

namespace dcc::daemon {

// ExitCode::setuid_failed when a step fails or root remains.
Status drop_privileges(const std::optional<std::string>& user);

}  // namespace dcc::daemon
