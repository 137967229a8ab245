// SPDX-License-Identifier: GPL-2.0-or-later
// What to change in the masquerade directory, decided from what is there and which
// compiler names are wanted (doc/tools.md): a symlink whose target is gone or not
// executable is removed; a working symlink whose name is not wanted is removed; a
// wanted name with no entry at all gets a new link to distcc; anything that is not
// a symlink is never touched.  A pure function; link_directory.hpp applies the plan.
#pragma once

#include <string>
#include <vector>

namespace dcc::tools::update_distcc_symlinks {

enum class EntryKind {
    working_link,   // a symlink whose target is executable
    dangling_link,  // a symlink whose target is missing or not executable
    other,          // a file, directory, ... -- never touched
};

struct DirectoryEntry {
    std::string name;
    EntryKind kind = EntryKind::other;
};

struct LinkPlan {
    std::vector<std::string> remove;  // in name order
    std::vector<std::string> add;     // in the order of `wanted`
    bool empty() const { return remove.empty() && add.empty(); }
};

LinkPlan plan_links(const std::vector<DirectoryEntry>& existing, const std::vector<std::string>& wanted);

}  // namespace dcc::tools::update_distcc_symlinks
