// SPDX-License-Identifier: GPL-2.0-or-later
// PathMirror: rebuilds under the client root the directories and symlinks a server
// needs to find files the way the client does (doc/include-server.md, "The
// client root"), upstream's mirror_path.py.  For a path it walks from the last component
// towards '/': the real location of each parent is created under the root (and
// remembered as a "must-exist" directory, which gets a placeholder file so the
// server recreates it even when it holds nothing), and each component that is a
// symlink on the client becomes a symlink to its realpath.  Nothing under a system
// directory is mirrored.  Links and directories accumulate for the generation.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/system_dirs.hpp"

namespace dcc::include_server {

class PathMirror {
public:
    PathMirror(Caches& caches, const SystemDirs& system_dirs, std::string root)
        : m_caches(caches), m_system_dirs(system_dirs), m_root(std::move(root)) {}

    // Mirror `filepath` (absolute, before symlink resolution) as seen from client
    // directory `cwd`.  Failing to create a directory or link is fatal.
    Status mirror(const std::string& filepath, Id cwd);

    const std::string& root() const { return m_root; }
    // Symlinks created so far (paths under the root), in creation order.
    const std::vector<std::string>& links() const { return m_links; }
    // Directories created first by each walk (paths under the root).
    const std::vector<std::string>& must_exist_dirs() const { return m_must_exist; }

private:
    struct VisitedHash {
        std::size_t operator()(const std::pair<std::string, Id>& key) const {
            return std::hash<std::string>()(key.first) ^ (std::size_t(key.second) * 0x9E3779B97F4A7C15ull);
        }
    };

    Status ensure_directory(const std::string& root_prefix_real, const std::string& prefix_real, bool& stop);

    Caches& m_caches;
    const SystemDirs& m_system_dirs;
    std::string m_root;
    std::unordered_set<std::pair<std::string, Id>, VisitedHash> m_visited;
    std::unordered_set<std::string> m_known_dirs;
    std::vector<std::string> m_links;
    std::vector<std::string> m_must_exist;
};

}  // namespace dcc::include_server
