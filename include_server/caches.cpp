// SPDX-License-Identifier: GPL-2.0-or-later
// Upstream's lookup caches (cache_basics.py: DirectoryMapToIndex, RelpathMapToIndex,
// CanonicalPath, BuildStatCache, DirnameCache).  One speed-up of ours: the realpath
// of a found file whose last component is not a symlink is the cached realpath of
// its directory plus its name, which saves realpath(3)'s lstat of every component.
#include "include_server/caches.hpp"

#include <cerrno>

#include "common/path.hpp"
#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

// Python's posixpath.dirname: everything up to the last '/', without trailing
// slashes unless it consists of slashes only.
std::string_view python_dirname(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    std::string_view head = path.substr(0, slash + 1);
    if (head.find_first_not_of('/') != std::string_view::npos)
        while (!head.empty() && head.back() == '/') head.remove_suffix(1);
    return head;
}

}  // namespace

Id Caches::directory(std::string_view dir) {
    if (dir.empty() || dir == "/") return m_directories.intern(dir);
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    m_scratch.assign(dir);  // reused: every request names its search directories again
    m_scratch += '/';
    return m_directories.intern(m_scratch);
}

Result<Id> Caches::includepath(std::string_view path, AbsolutePaths policy, bool* warned) {
    if (!path.empty() && path[0] == '/') {
        if (policy == AbsolutePaths::refuse)
            return not_covered_quietly("Filepath must be relative but isn't: '" + std::string(path) +
                                       "'. Consider setting INCLUDE_SERVER_ARGS='--unsafe_absolute_includes'.");
        if (policy == AbsolutePaths::ignore_with_warning && warned) *warned = true;
    }
    while (path.starts_with("./")) path.remove_prefix(2);
    return m_includepaths.intern(path);
}

Result<std::string> Caches::canonical_string(const std::string& absolute_path) {
    auto it = m_realpath_cache.find(absolute_path);
    if (it != m_realpath_cache.end()) return it->second;
    Canonical result = m_fs.realpath(absolute_path);
    if (result.error == ELOOP) return not_covered("Too many symlinks in '" + absolute_path + "'.");
    if (result.error != 0) result.path = path::normalize(absolute_path);
    return m_realpath_cache.emplace(absolute_path, std::move(result.path)).first->second;
}

Result<Id> Caches::canonical(const std::string& absolute_path) {
    auto text = canonical_string(absolute_path);
    if (!text.ok()) return std::move(text).error();
    return m_realpaths.intern(*text);
}

Result<Id> Caches::canonical_of_found(const std::string& path, FileType type) {
    std::size_t slash = path.rfind('/');
    if (type != FileType::regular || slash == std::string::npos) return canonical(path);
    std::string dir = slash == 0 ? std::string("/") : path.substr(0, slash);
    auto real_dir = canonical_string(dir);
    if (!real_dir.ok()) return std::move(real_dir).error();
    std::string real = *real_dir;
    if (real.empty() || real.back() != '/') real += '/';
    real.append(path, slash + 1, std::string::npos);
    return m_realpaths.intern(real);
}

std::string Caches::absolute(Id cwd, std::string_view relative_or_absolute) const {
    if (!relative_or_absolute.empty() && relative_or_absolute[0] == '/') return std::string(relative_or_absolute);
    std::string out(m_directories.text(cwd));
    if (out.empty() || out.back() != '/') out += '/';
    out += relative_or_absolute;
    return out;
}

std::string Caches::absolute(Id cwd, FilePair pair) const {
    std::string relative(m_directories.text(pair.searchdir));
    relative += m_includepaths.text(pair.includepath);
    return absolute(cwd, relative);
}

Result<Resolution> Caches::resolve(Id includepath, Id cwd, Id searchdir, std::span<const Id> searchlist) {
    ++m_counters.resolve_calls;
    std::string_view name = m_includepaths.text(includepath);
    if (!name.empty() && name[0] == '/') return Resolution{};
    auto try_dir = [&](Id dir) -> Result<Resolution> {
        ++m_counters.probes;
        StatEntry& entry = m_stats[TripleKey{cwd, dir, includepath}];
        if (entry.realpath == 0) {
            ++m_counters.stat_calls;
            std::string path = absolute(cwd, FilePair{dir, includepath});
            FileType type = m_fs.probe(path);
            if (type != FileType::regular && type != FileType::regular_via_symlink) {
                entry.realpath = k_absent;
                return Resolution{};
            }
            auto real = canonical_of_found(path, type);
            if (!real.ok()) return std::move(real).error();
            entry.realpath = *real;
            if (m_observer) {
                std::string found(m_directories.text(dir));
                found += name;
                m_observer(name, found, m_realpaths.text(*real));
            }
            return Resolution{FilePair{dir, includepath}, *real};
        }
        if (entry.realpath == k_absent) return Resolution{};
        return Resolution{FilePair{dir, includepath}, entry.realpath};
    };
    if (searchdir != 0) {
        auto found = try_dir(searchdir);
        if (!found.ok() || *found) return found;
    }
    for (Id dir : searchlist) {
        auto found = try_dir(dir);
        if (!found.ok() || *found) return found;
    }
    return Resolution{};
}

Result<std::pair<Id, Id>> Caches::dirname(Id cwd, FilePair pair) {
    TripleKey key{cwd, pair.searchdir, pair.includepath};
    auto it = m_dirnames.find(key);
    if (it != m_dirnames.end()) return it->second;
    std::string joined(m_directories.text(pair.searchdir));
    std::string_view include = m_includepaths.text(pair.includepath);
    if (!include.empty() && include[0] == '/') joined.clear();
    joined += include;
    std::string dir(python_dirname(joined));
    Id dir_id = directory(dir);
    auto real = canonical(absolute(cwd, dir));
    if (!real.ok()) return std::move(real).error();
    std::pair<Id, Id> value{dir_id, *real};
    m_dirnames.emplace(key, value);
    return value;
}

}  // namespace dcc::include_server
