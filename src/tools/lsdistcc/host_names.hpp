// SPDX-License-Identifier: GPL-2.0-or-later
// The names lsdistcc tries, in order (doc/tools.md): the words of the command line,
// or -- when the first word contains "%d" -- that format with 1, 2, ... 500 (later
// words ignored), distcc%d without words; with -d each name gets ".<domain>".  An
// IPv6 address, bracketed or not, is looked up without brackets and shown with
// them, as DISTCC_HOSTS writes it.  Pure functions; dns_domain.hpp finds the domain.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dcc::tools::lsdistcc {

inline constexpr int k_max_format_names = 500;

struct HostName {
    std::string shown;   // as printed: "distcc3", "[fd00::3]"
    std::string lookup;  // as resolved: "distcc3", "fd00::3"
    bool operator==(const HostName&) const = default;
};

// One word as a host name.  `domain` (may be empty) is appended to names that are
// not IP addresses.
HostName host_name(const std::string& word, const std::string& domain);

// printf(format, number) for a format whose only conversion is "%d" ("%%" is a
// percent sign).  Any other conversion is ExitCode::bad_arguments: upstream passed
// the word to printf as it was.
Result<std::string> expand_format(const std::string& format, int number);

// All names to try.
Result<std::vector<HostName>> host_names(const std::vector<std::string>& words, const std::string& domain);

}  // namespace dcc::tools::lsdistcc
