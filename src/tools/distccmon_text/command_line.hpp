// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of distccmon-text (doc/tools.md): an optional DELAY in seconds,
// read with strtod as distcc 3.4 does ("0.5", "1e1", "0x2" are all delays), plus our
// --json switch.  A pure function: it prints nothing; the caller shows usage_text()
// on stderr and exits 1 when parsing fails.
#pragma once

#include <span>
#include <string>

#include "common/result.hpp"

namespace dcc::tools::distccmon_text {

enum class OutputFormat { text, json };

struct MonitorOptions {
    double delay_sec = 0;  // 0: poll once
    OutputFormat format = OutputFormat::text;
};

// `args` excludes the program name.  More than one DELAY, a DELAY that is not
// entirely a number, or one that is negative, NaN or infinite is
// ExitCode::bad_arguments (3.4 would sleep for ever or spin on the last three).
Result<MonitorOptions> parse_command_line(std::span<const std::string> args);

// 3.4's usage text, plus a line for --json.
const char* usage_text();

}  // namespace dcc::tools::distccmon_text
