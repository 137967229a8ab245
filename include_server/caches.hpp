// SPDX-License-Identifier: GPL-2.0-or-later
// The lookup caches of one generation (doc/include-server.md, "Lookup"): interned
// include paths, directories and realpaths; which (client directory, search
// directory, include path) triples name regular files and what their realpaths are;
// the directory of a found file.  Upstream's cache_basics.py, keyed the same way:
// results are never re-checked within a generation, because sources are assumed not
// to change during a build.  Everything goes through the FileSystem seam with
// absolute paths, so no request needs the process's working directory.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"
#include "include_server/file_system.hpp"
#include "include_server/interner.hpp"

namespace dcc::include_server {

// A found file as (search directory, include path): the directory string ends in
// '/' (or is empty, meaning the client's directory), so the two concatenate.
struct FilePair {
    Id searchdir = 0;
    Id includepath = 0;
    bool operator==(const FilePair&) const = default;
    explicit operator bool() const { return includepath != 0; }
};

struct Resolution {
    FilePair pair;
    Id realpath = 0;
    explicit operator bool() const { return realpath != 0; }
};

enum class AbsolutePaths { refuse, ignore_with_warning, accept };

class Caches {
public:
    explicit Caches(FileSystem& fs) : m_fs(fs) {}

    FileSystem& fs() { return m_fs; }
    Interner& includepaths() { return m_includepaths; }
    Interner& directories() { return m_directories; }
    Interner& realpaths() { return m_realpaths; }

    // Upstream's DirectoryMapToIndex: "" and "/" as they are, others with a '/' added.
    Id directory(std::string_view dir);
    // Upstream's RelpathMapToIndex: leading "./" removed; an absolute path is refused
    // ("Filepath must be relative...") unless the policy says otherwise.  With
    // ignore_with_warning the path is interned and `warned` is set.
    Result<Id> includepath(std::string_view path, AbsolutePaths policy, bool* warned = nullptr);
    // The realpath id of an absolute path ("Too many symlinks in '...'." on ELOOP; a
    // path that cannot be resolved otherwise is kept as it is, like Python's realpath).
    Result<Id> canonical(const std::string& absolute_path);

    // Upstream's BuildStatCache.Resolve: the first of `searchdir` (0 = none) and then
    // `searchlist` in which `includepath` names a regular file.  An empty result
    // means "not found"; an absolute include path is never found.
    Result<Resolution> resolve(Id includepath, Id cwd, Id searchdir, std::span<const Id> searchlist);

    // Upstream's DirnameCache: the directory id of dirname(searchdir + includepath)
    // and the realpath id of that directory seen from `cwd`.
    Result<std::pair<Id, Id>> dirname(Id cwd, FilePair pair);

    // cwd + searchdir + includepath as an absolute path (before symlink resolution).
    std::string absolute(Id cwd, FilePair pair) const;
    std::string absolute(Id cwd, std::string_view relative_or_absolute) const;

    // Called for each newly found file (path observation, --path_observation_re).
    using Observer = std::function<void(std::string_view includepath, std::string_view found,
                                        std::string_view realpath)>;
    void set_observer(Observer observer) { m_observer = std::move(observer); }

    // Counters for --statistics.
    struct Counters {
        uint64_t resolve_calls = 0, probes = 0, stat_calls = 0;
    };
    const Counters& counters() const { return m_counters; }

private:
    struct TripleKey {
        Id cwd, searchdir, includepath;
        bool operator==(const TripleKey&) const = default;
    };
    struct TripleHash {
        std::size_t operator()(const TripleKey& k) const {
            uint64_t h = (uint64_t(k.cwd) * 0x9E3779B97F4A7C15ull) ^ (uint64_t(k.searchdir) << 21) ^ k.includepath;
            return static_cast<std::size_t>(h * 0xBF58476D1CE4E5B9ull >> 17);
        }
    };
    static constexpr Id k_absent = static_cast<Id>(-1);
    struct StatEntry {
        Id realpath = 0;  // 0: not probed yet; k_absent: not a regular file
    };

    Result<Id> canonical_of_found(const std::string& path, FileType type);
    Result<std::string> canonical_string(const std::string& absolute_path);

    FileSystem& m_fs;
    Interner m_includepaths;
    Interner m_directories;
    std::string m_scratch;  // directory(): the name with its slash
    Interner m_realpaths;
    std::unordered_map<std::string, std::string> m_realpath_cache;
    std::unordered_map<TripleKey, StatEntry, TripleHash> m_stats;
    std::unordered_map<TripleKey, std::pair<Id, Id>, TripleHash> m_dirnames;
    Observer m_observer;
    Counters m_counters;
};

}  // namespace dcc::include_server
