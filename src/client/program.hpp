// SPDX-License-Identifier: GPL-2.0-or-later
// The distcc program behind main.cpp: process setup (signals, logging, temp-file
// cleanup, monitor state file), response-file expansion, distcc's own options,
// invocation mode and masquerade PATH trimming, the recursion guard, and then one
// compile job.  Returns the process exit code; main() only forwards argv to it.
#pragma once

namespace dcc::client {

int run_client(int argc, char** argv);

}  // namespace dcc::client
