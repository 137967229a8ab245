// SPDX-License-Identifier: GPL-2.0-or-later
// SystemLinks: the symlink farm that sends the server to its own system headers
// (doc/include-server.md, "The client root").  For each system directory D it
// creates <root>D -> "../" x (20 + number of '/' in D) + D without its leading '/';
// on the server, where <root> is re-rooted, the link climbs out of the temporary
// root (".." at "/" stays at "/") to the server's real D, so -I/usr/include/foo
// re-rooted by the server still reaches the server's headers.  Nested system
// directories collapse into the outermost link (upstream's
// _MakeLinkFromMirrorToRealLocation).
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "include_server/file_system.hpp"

namespace dcc::include_server {

// The link target for a system directory.
std::string system_link_target(const std::string& system_dir);

class SystemLinks {
public:
    SystemLinks(FileSystem& fs, std::string root) : m_fs(fs), m_root(std::move(root)) {}

    // Make sure `system_dir` (absolute, a realpath) is reachable through a link.
    Status add(const std::string& system_dir);
    // Links under the root, in creation order (removed ones dropped).
    const std::vector<std::string>& links() const { return m_links; }
    // Whether a path under the root lies inside one of the links.
    bool inside_link(const std::string& rooted_path) const;

private:
    std::pair<std::string, bool> real_prefix_within_root(const std::string& path);

    FileSystem& m_fs;
    std::string m_root;
    std::vector<std::string> m_links;
};

}  // namespace dcc::include_server
