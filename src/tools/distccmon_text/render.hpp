// SPDX-License-Identifier: GPL-2.0-or-later
// What distccmon-text prints for one poll: distcc 3.4's table (one fixed-width line
// per job, then an empty line -- also in one-shot mode) or, with --json, one JSON
// object on one line for scripts and dashboards.  Pure formatting; the records come
// sorted and filtered from state_scan.hpp.
#pragma once

#include <string>
#include <vector>

#include "proto/state_record.hpp"

namespace dcc::tools::distccmon_text {

// printf("%6ld  %-10.10s  %-30.30s %24.24s[%d]\n") per record, then "\n".
std::string render_table(const std::vector<proto::StateRecord>& records);

// {"time":<unix seconds>,"jobs":[{"pid":..,"phase":"..","file":"..","host":"..","slot":..},...]}
// and a newline.  Bytes that are not UTF-8 become U+FFFD, so the line is always JSON.
std::string render_json(const std::vector<proto::StateRecord>& records, double unix_time);

}  // namespace dcc::tools::distccmon_text
