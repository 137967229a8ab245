// SPDX-License-Identifier: GPL-2.0-or-later
// The compilers a publishing daemon can run, for its TXT records (doc/daemon.md
// §12.1): every name in the masquerade whitelist directories that PATH resolves to
// a real compiler, grouped by what `NAME -dumpmachine` / `-dumpversion` answer.  A
// compiler binary is asked once per (path, size, mtime), so the publisher can
// rescan every minute and see an upgraded or added compiler for a few stat() calls.
// The browser uses the same lookup for the client's own compilers.
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "zeroconf/capabilities.hpp"

namespace dcc::zeroconf {

class CompilerInventory {
public:
    // Groups in order of first name; names sorted within and across directories.
    std::vector<CompilerGroup> scan(const std::vector<std::string>& whitelist_dirs, const std::string& search_path);

    // The identity of `name` as found on `search_path`, skipping distcc's masquerade
    // links; asked again only when the binary it resolves to changes size or mtime.
    CompilerIdentity identity_of(const std::string& name, const std::string& search_path);

private:
    struct Entry {
        long long size = -1;
        std::time_t mtime = 0;
        CompilerIdentity identity;
    };
    std::map<std::string, Entry> m_by_path;  // where PATH found the name
};

// The names listed in `dirs` (directory entries, at most `max_names`, sorted,
// without duplicates or names with blanks).
std::vector<std::string> whitelisted_names(const std::vector<std::string>& dirs, std::size_t max_names);

}  // namespace dcc::zeroconf
