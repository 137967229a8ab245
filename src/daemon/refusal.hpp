// SPDX-License-Identifier: GPL-2.0-or-later
// Refusal: why distccd will not serve a request, as a value.  Every check of a job
// (protocol, argument scanner, command list, whitelist, dangerous flags) returns one
// instead of logging, and the job logs exactly one line from it naming the client,
// the rule and the argument (upstream logged several lines from several places).
// A refused job is closed without a reply (doc/protocol.md §8.2).
#pragma once

#include <string>

#include "common/exit_code.hpp"
#include "common/log.hpp"

namespace dcc::daemon {

struct Refusal {
    const char* rule = "";     // short stable name, e.g. "whitelist", "plugin", "protocol"
    std::string argument;      // the offending word (argv[0], a flag, a version, ...)
    std::string reason;        // upstream's message where there is one
    log::Level level = log::Level::error;
    // distccd's own status for the job summary's ret: field: protocol_error,
    // truncated or io_error for a broken request, distcc_failed for a policy refusal.
    ExitCode code = ExitCode::distcc_failed;
};

// "refused job from 127.0.0.1:4000: rule=plugin argument=\"-fplugin=x.so\": -fplugin= passed, ..."
std::string describe_refusal(const std::string& client, const Refusal& refusal);

}  // namespace dcc::daemon
