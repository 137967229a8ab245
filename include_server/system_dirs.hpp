// SPDX-License-Identifier: GPL-2.0-or-later
// SystemDirs: the union of every compiler's built-in include directories seen in
// this generation (doc/include-server.md, "Answering a request").  A file whose
// realpath starts with one of them is a system header: never shipped, and the
// mirror never creates directories under them.  The test is a plain string prefix,
// as upstream's (so "/usr/include2/x" counts as under "/usr/include").
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::include_server {

class SystemDirs {
public:
    void add(const std::string& dir) {
        if (std::find(m_dirs.begin(), m_dirs.end(), dir) == m_dirs.end()) m_dirs.push_back(dir);
    }
    bool starts_any(std::string_view realpath) const {
        for (const std::string& dir : m_dirs)
            if (realpath.starts_with(dir)) return true;
        return false;
    }
    const std::vector<std::string>& all() const { return m_dirs; }

private:
    std::vector<std::string> m_dirs;
};

}  // namespace dcc::include_server
