// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of link_plan.hpp (upstream update-distcc-symlinks' old/new link
// comparison).
#include "tools/update_distcc_symlinks/link_plan.hpp"

#include <algorithm>
#include <set>

namespace dcc::tools::update_distcc_symlinks {

LinkPlan plan_links(const std::vector<DirectoryEntry>& existing, const std::vector<std::string>& wanted) {
    std::set<std::string> wanted_set(wanted.begin(), wanted.end());
    std::set<std::string> present;
    LinkPlan plan;
    for (const DirectoryEntry& entry : existing) {
        bool keep = entry.kind == EntryKind::other || (entry.kind == EntryKind::working_link && wanted_set.count(entry.name));
        if (keep)
            present.insert(entry.name);
        else
            plan.remove.push_back(entry.name);
    }
    std::sort(plan.remove.begin(), plan.remove.end());
    for (const std::string& name : wanted)
        if (!present.count(name) && std::find(plan.add.begin(), plan.add.end(), name) == plan.add.end())
            plan.add.push_back(name);
    return plan;
}

}  // namespace dcc::tools::update_distcc_symlinks
