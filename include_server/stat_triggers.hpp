// SPDX-License-Identifier: GPL-2.0-or-later
// Stat reset triggers (--stat_reset_triggers; doc/include-server.md, "Generations"):
// globs, evaluated relative to the directory the server started in, whose paths are
// stamped (mtime, inode, device) at start-up and re-checked before every request.  A
// changed stamp, a new path or a vanished one asks for a cache reset, with upstream's
// warning text.  At most one change is reported per request.  Unlike upstream, a
// vanished path is forgotten once reported (upstream reports it, and resets every
// cache, on every later request).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dcc::include_server {

struct Stamp {
    long long mtime_ns = 0;
    unsigned long long inode = 0, device = 0;
    bool missing = false;  // stat() failed (a dangling link matched by the glob)
    bool operator==(const Stamp&) const = default;
};

class StatResetTriggers {
public:
    using Glob = std::function<std::vector<std::string>(const std::string& pattern)>;
    using StampOf = std::function<Stamp(const std::string& path)>;

    StatResetTriggers(std::vector<std::string> globs, Glob glob, StampOf stamp_of);

    // The warning of the first change since the last call, or nullopt.
    std::optional<std::string> check();

private:
    struct Trigger {
        std::string glob;
        std::map<std::string, Stamp> stamps;
    };
    std::vector<Trigger> m_triggers;
    Glob m_glob;
    StampOf m_stamp_of;
};

// lstat-free stat() stamp of a path.
Stamp stamp_of_path(const std::string& path);

}  // namespace dcc::include_server
