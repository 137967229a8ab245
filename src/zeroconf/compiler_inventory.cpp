// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_inventory.hpp.
#include "zeroconf/compiler_inventory.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <set>

#include "common/path.hpp"
#include "zeroconf/compiler_identity.hpp"

namespace dcc::zeroconf {
namespace {

// Debian's /usr/lib/distcc holds about 20 names; more than this is not a whitelist.
constexpr std::size_t k_max_names = 128;

bool usable_name(const std::string& name) {
    if (name.empty() || name[0] == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

std::vector<std::string> whitelisted_names(const std::vector<std::string>& dirs, std::size_t max_names) {
    std::set<std::string> names;
    for (const std::string& dir : dirs) {
        DIR* d = ::opendir(dir.c_str());
        if (!d) continue;
        while (const dirent* entry = ::readdir(d)) {
            std::string name = entry->d_name;
            if (usable_name(name) && names.size() < max_names) names.insert(name);
        }
        ::closedir(d);
    }
    return {names.begin(), names.end()};
}

CompilerIdentity CompilerInventory::identity_of(const std::string& name, const std::string& search_path) {
    for (const std::string& dir : path::split_search_path(search_path)) {
        std::string candidate = path::join(dir.empty() ? "." : dir, name);
        if (!path::is_executable_file(candidate)) continue;
        char real[PATH_MAX];
        if (!::realpath(candidate.c_str(), real)) continue;
        // A masquerade link (a PATH with /usr/lib/distcc first) runs distcc, not the
        // compiler: look further, as distcc itself does.
        if (path::basename(real).substr(0, 6) == "distcc") continue;
        struct stat st {};
        if (::stat(real, &st) != 0) continue;
        // Run as found (a ccache link must see its own name), remembered per link.
        Entry& entry = m_by_path[candidate];
        if (entry.size != st.st_size || entry.mtime != st.st_mtime)
            entry = Entry{st.st_size, st.st_mtime, query_compiler_identity(candidate)};
        return entry.identity;
    }
    return {};
}

std::vector<CompilerGroup> CompilerInventory::scan(const std::vector<std::string>& whitelist_dirs,
                                                   const std::string& search_path) {
    std::vector<CompilerGroup> groups;
    for (const std::string& name : whitelisted_names(whitelist_dirs, k_max_names)) {
        CompilerIdentity identity = identity_of(name, search_path);
        if (!identity.machine || !identity.version) continue;
        auto group = std::find_if(groups.begin(), groups.end(), [&](const CompilerGroup& g) {
            return g.machine == *identity.machine && g.version == *identity.version;
        });
        if (group == groups.end())
            group = groups.insert(groups.end(), CompilerGroup{*identity.machine, *identity.version, {}});
        group->names.push_back(name);
    }
    return groups;
}

}  // namespace dcc::zeroconf
