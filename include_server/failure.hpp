// SPDX-License-Identifier: GPL-2.0-or-later
// How the include server classifies a failed request (doc/include-server.md,
// "Failures").  Every failure travels as a dcc::Error whose ExitCode says what the
// server does next: answer "not covered" (the client preprocesses locally), answer
// and reset every cache (CPU quota), or answer and terminate (the mirror cannot be
// written).  This file is the one place that maps kinds to codes, so call sites
// create failures by kind and never write an ExitCode themselves.
#pragma once

#include <string>

#include "common/result.hpp"

namespace dcc::include_server {

enum class FailureKind {
    not_covered,          // reply ARGC00000000, warn, may e-mail
    not_covered_quietly,  // the same, never e-mailed (a user's file or command is at fault)
    time_out,             // not covered, and all caches start a new generation
    fatal,                // reply ARGC00000000, warn, e-mail (forced), terminate
};

// Upstream's NotCoveredError(message) and its send_email=False variant.
Error not_covered(std::string message);
Error not_covered_quietly(std::string message);
// Upstream's NotCoveredTimeOutError.
Error time_out(std::string message);
// Upstream's sys.exit() inside a request.
Error fatal(std::string message);

FailureKind kind_of(const Error& error);

// Upstream decorates a failure that happened while reading a file with the file's
// name: "File: '<path>': <message>".
Error in_file(const std::string& path, Error error);

}  // namespace dcc::include_server
