// SPDX-License-Identifier: GPL-2.0-or-later
// Running the compiler on this machine (doc/client.md §6, "Local execution"): with
// the user's stdin/stdout/stderr, in our process group, waited for without a timeout,
// and reported by upstream's "critique" log lines.  Used for non-distributable jobs,
// for `localhost` picked from the host list, and for fallbacks; the caller holds the
// slot lock and decides about warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::client {

// Spawn argv (PATH lookup) and wait.  Returns the raw wait status; an exec failure is
// ExitCode::compiler_missing.
Result<int> run_compiler(const std::vector<std::string>& argv);

// Upstream dcc_critique_status: "compile X on H completed ok" (info), "compile X on H
// failed" / "... failed with exit code N" / "compile X on H: <signal>" (error).  An
// empty `file` is shown as "(null)" like upstream does for non-distributable jobs.
void log_critique(int wait_status, std::string_view command, std::string_view file, std::string_view host);

}  // namespace dcc::client
