// SPDX-License-Identifier: GPL-2.0-or-later
// The system-link farm (upstream's compiler_defaults._MakeLinkFromMirrorToRealLocation
// and _RealPrefixWithinClientRoot).
#include "include_server/system_links.hpp"

#include <algorithm>

#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

// Upstream's bound on the number of components of a server's temporary root.
constexpr int k_max_components_in_server_root = 20;

std::string parent_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

}  // namespace

std::string system_link_target(const std::string& system_dir) {
    int depth = static_cast<int>(std::count(system_dir.begin(), system_dir.end(), '/'));
    std::string target;
    for (int i = 0; i < k_max_components_in_server_root + depth; ++i) target += "../";
    return target + system_dir.substr(1);
}

// The longest prefix of `path` whose components are all real directories under the
// root, and whether the walk stopped at a symlink.
std::pair<std::string, bool> SystemLinks::real_prefix_within_root(const std::string& path) {
    std::string prefix = "/";
    std::size_t pos = 1;
    while (prefix != path && pos <= path.size()) {
        std::size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        std::string last = prefix;
        prefix = path.substr(0, slash);
        pos = slash + 1;
        if (m_fs.is_symlink(m_root + prefix)) return {last, true};
        if (!m_fs.is_directory(m_root + prefix)) return {last, false};
    }
    return {path, false};
}

Status SystemLinks::add(const std::string& system_dir) {
    if (system_dir.empty() || system_dir[0] != '/' || system_dir == "/")
        return not_covered("Default compiler search path '" + system_dir + "' must be an absolute directory.");
    auto [real_prefix, is_link] = real_prefix_within_root(system_dir);
    std::string parent = parent_of(system_dir);
    std::string rooted = m_root + system_dir;
    if (real_prefix == system_dir) {
        // A deeper system directory was linked first: one link replaces the subtree.
        m_fs.remove_tree(rooted);
        std::erase_if(m_links, [&](const std::string& link) { return link.starts_with(rooted); });
    } else if (real_prefix == parent) {
        if (m_fs.exists(rooted)) return {};
    } else if (!is_link) {
        Status made = m_fs.make_directories(m_root + parent);
        if (!made.ok()) return fatal("Could not make directory '" + m_root + parent + "': " + made.error().message);
    } else {
        return {};  // an ancestor is already a link
    }
    Status linked = m_fs.make_symlink(system_link_target(system_dir), rooted);
    if (!linked.ok()) return fatal("Could not make symbolic link: " + linked.error().message);
    m_links.push_back(rooted);
    return {};
}

bool SystemLinks::inside_link(const std::string& rooted_path) const {
    for (const std::string& link : m_links)
        if (rooted_path.size() > link.size() && rooted_path.starts_with(link) && rooted_path[link.size()] == '/')
            return true;
    return false;
}

}  // namespace dcc::include_server
