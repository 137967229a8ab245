// SPDX-License-Identifier: GPL-2.0-or-later
// Pump-mode discrepancies (doc/pump.md "Discrepancies"): a job whose remote compile
// failed but whose local recompile gave a different result.  Unless a dependency
// changed during the build (ctime at least the include server socket's), it is
// counted -- one '@' appended to the counter file next to the socket -- and, with
// DISTCC_ENABLE_DISCREPANCY_EMAIL=1, reported by e-mail.  When the count reaches
// DISTCC_MAX_DISCREPANCY the build's later jobs use plain mode (pump_plan.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "common/result.hpp"

namespace dcc::client {

// The counter's value: the size of the file, 0 when it does not exist.
std::size_t read_discrepancy_count(const std::string& counter_path);

// Whether `count` discrepancies demote pump mode (`max` = DISTCC_MAX_DISCREPANCY).
bool discrepancy_limit_reached(std::size_t count, int max);

// Append one '@'; the new count.
Result<std::size_t> count_discrepancy(const std::string& counter_path);

// The prerequisites of every rule in a make dependency file's text (backslash-newline
// continuations and backslash-escaped spaces understood; targets dropped).  Pure.
std::vector<std::string> dotd_dependencies(std::string_view text);

// Everything that follows a discrepancy for `input` (its .d file at `dotd_path`, if
// the compile has one): the warnings, the count, the demotion notice, the e-mail.
void handle_discrepancy(const Config& config, const std::string& input, const std::optional<std::string>& dotd_path,
                        const std::vector<std::string>& argv);

}  // namespace dcc::client
