// SPDX-License-Identifier: GPL-2.0-or-later
// DISTCC_CMDLIST (doc/daemon.md §8, check 1): a file listing the only commands
// distccd may run, one full path per line.  A request's argv[0] is looked up by its
// last DISTCC_CMDLIST_NUMWORDS path components and replaced by the listed line.
// Parsing and lookup are pure; the server reads the file once per process.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::daemon {

class CommandList {
public:
    CommandList() = default;
    CommandList(std::string_view file_text, int numwords);

    // The listed command whose last `numwords` components equal those of `argv0`.
    std::optional<std::string> lookup(std::string_view argv0) const;
    std::size_t size() const { return m_lines.size(); }

private:
    std::vector<std::string> m_lines;
    int m_numwords = 1;
};

// The last `n` '/'-separated components of `path` (the whole path if it has fewer).
std::string_view last_components(std::string_view path, int n);

}  // namespace dcc::daemon
