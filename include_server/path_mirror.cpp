// SPDX-License-Identifier: GPL-2.0-or-later
// The mirroring walk (upstream's MirrorPath.DoPath).
#include "include_server/path_mirror.hpp"

#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

// Python's os.path.split for an absolute path without a trailing '/'.
std::pair<std::string, std::string> split(const std::string& path) {
    std::size_t slash = path.rfind('/');
    std::string head = path.substr(0, slash + 1);
    std::string tail = path.substr(slash + 1);
    if (head.find_first_not_of('/') != std::string::npos)
        while (!head.empty() && head.back() == '/') head.pop_back();
    return {head, tail};
}

}  // namespace

Status PathMirror::ensure_directory(const std::string& root_prefix_real, const std::string& prefix_real, bool& stop) {
    if (m_known_dirs.count(root_prefix_real)) return {};
    FileSystem& fs = m_caches.fs();
    if (!fs.is_directory(root_prefix_real)) {
        // Directories under a system directory exist on the server too.
        if (m_system_dirs.starts_any(prefix_real)) {
            stop = true;
            return {};
        }
        m_must_exist.push_back(root_prefix_real);
        Status made = fs.make_directories(root_prefix_real);
        if (!made.ok()) return fatal("Could not make directory '" + root_prefix_real + "': " + made.error().message);
    }
    m_known_dirs.insert(root_prefix_real);
    return {};
}

Status PathMirror::mirror(const std::string& start, Id cwd) {
    FileSystem& fs = m_caches.fs();
    std::string filepath = start;
    while (!filepath.empty() && filepath != "/") {
        if (!m_visited.emplace(filepath, cwd).second) return {};
        auto [prefix, suffix] = split(filepath);
        if (prefix.empty()) return {};  // a relative remainder: nothing above it to mirror
        auto real_id = m_caches.canonical(prefix);
        if (!real_id.ok()) return std::move(real_id).error();
        std::string prefix_real(m_caches.realpaths().text(*real_id));
        if (prefix_real == "/") prefix_real.clear();
        std::string root_prefix_real = m_root + prefix_real;
        bool stop = false;
        DCC_TRY(ensure_directory(root_prefix_real, prefix_real, stop));
        if (stop) return {};
        if (fs.is_symlink(filepath)) {
            std::string link_name = root_prefix_real + "/" + suffix;
            if (!fs.exists(link_name)) {
                auto target = m_caches.canonical(filepath);
                if (!target.ok()) return std::move(target).error();
                Status made = fs.make_symlink(std::string(m_caches.realpaths().text(*target)), link_name);
                if (!made.ok()) return fatal("Could not make symbolic link: " + made.error().message);
                m_links.push_back(link_name);
            }
        }
        filepath = prefix;
    }
    return {};
}

}  // namespace dcc::include_server
