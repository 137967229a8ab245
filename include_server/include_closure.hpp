// SPDX-License-Identifier: GPL-2.0-or-later
// IncludeGraph: the memoised include graph of one generation (doc/include-server.md,
// "The include graph"), upstream's include_analyzer_memoizing_node.py.  For each
// include configuration (client directory, quote list, angle list) it keeps nodes
// keyed by how a file was named -- (include path, quote/angle/next, including
// directory) -- and by where it really is -- (realpath, realpath of its directory),
// which also ends include cycles.  A node holds its resolution, its children and a
// support record; headers shared by thousands of translation units are scanned and
// resolved once.  The closure of a request is every file reachable from its roots,
// system headers left out.
//
// Beyond upstream: after building the graph for a request, nodes that a #define met
// later in the same request invalidated are rebuilt until nothing changes, so the
// first translation unit already sees macros that upstream would only honour from
// the second on.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/compressed_files.hpp"
#include "include_server/macro_table.hpp"
#include "include_server/path_mirror.hpp"
#include "include_server/support.hpp"
#include "include_server/system_dirs.hpp"

namespace dcc::include_server {

struct GraphSettings {
    AbsolutePaths absolute_includes = AbsolutePaths::refuse;
    bool unexpanded_functions = true;
};

struct GraphHooks {
    std::function<void(const std::string&)> warn;  // warnings (ignored absolute includes)
    std::function<Status()> check;                 // the request's CPU quota
};

// What a request asks of the graph.
struct GraphQuery {
    Id cwd = 0;
    std::vector<Id> quote_dirs;
    std::vector<Id> angle_dirs;
};

class IncludeGraph {
public:
    IncludeGraph(Caches& caches, MacroTable& macros, PathMirror& mirror, const SystemDirs& system_dirs,
                 GraphSettings settings, GraphHooks hooks)
        : m_caches(caches), m_macros(macros), m_mirror(mirror), m_system_dirs(system_dirs),
          m_settings(settings), m_hooks(std::move(hooks)) {}
    IncludeGraph(const IncludeGraph&) = delete;
    IncludeGraph& operator=(const IncludeGraph&) = delete;

    // Enter a definition (a -D option) into the macro table.
    Status define(std::string_view head, std::optional<std::string_view> value);

    // The closure of the already resolved command-line files `roots` (-include files
    // first, the translation unit last): non-system files in upstream's discovery
    // order, each with its first absolute spelling.
    Result<std::vector<ClosureFile>> closure(const GraphQuery& query, const std::vector<Resolution>& roots);

    struct Counters {
        uint64_t files_parsed = 0, find_node = 0, node_hits = 0, node_misses = 0, computed_includes = 0;
        uint64_t configurations = 0, closure_nodes = 0, rebuild_rounds = 0;
    };
    const Counters& counters() const { return m_counters; }

private:
    enum class Mode : uint8_t { resolved, quote, angle, next };

    struct Node {
        Mode mode = Mode::resolved;
        Id includepath = 0;  // as named (next nodes are re-resolved from it)
        Id realpath = 0;     // 0: not found
        FilePair pair;
        std::vector<Node*> children;
        SupportRecord support;
        uint32_t visited = 0;  // the stamp of the last traversal that reached it
    };

    struct NodeKey {
        Id first = 0, second = 0, file_dir = 0;
        Mode mode = Mode::resolved;
        bool operator==(const NodeKey&) const = default;
    };
    struct NodeKeyHash {
        std::size_t operator()(const NodeKey& k) const {
            uint64_t h = uint64_t(k.first) * 0x9E3779B97F4A7C15ull ^ (uint64_t(k.second) << 20) ^
                         (uint64_t(k.file_dir) << 40) ^ uint64_t(k.mode);
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };

    struct Config {
        GraphQuery query;
        std::unordered_map<NodeKey, Node*, NodeKeyHash> nodes;
        std::unordered_map<uint64_t, Node*> by_realpath;  // (realpath, directory realpath)
        std::deque<Node> storage;
    };

    struct ParsedFile {
        std::vector<Id> quote, angle, next;
        std::vector<std::string> exprs;
    };

    Config& config_for(const GraphQuery& query);
    Result<Node*> find_node(Config& config, NodeKey key, Resolution resolved);
    Status build_children(Config& config, Node& node);
    Status resolve_next(Config& config, Node& node);
    Result<const ParsedFile*> parsed(Id realpath);
    Status computed_include(Config& config, Node& node, const std::string& expr, Id file_dir);
    Status add_child(Node& parent, Result<Node*> child);
    Status rebuild_invalid(Config& config, const std::vector<Node*>& roots, bool& changed);
    Status check_quota();

    Caches& m_caches;
    MacroTable& m_macros;
    PathMirror& m_mirror;
    const SystemDirs& m_system_dirs;
    GraphSettings m_settings;
    GraphHooks m_hooks;
    SupportMaster m_support;
    std::unordered_map<std::string, std::unique_ptr<Config>> m_configs;
    std::unordered_map<Id, ParsedFile> m_files;
    std::unordered_set<NodeKey, NodeKeyHash> m_mirrored;  // (pair, cwd) already mirrored
    Counters m_counters;
    // Per-request traversals mark what they reached with a fresh stamp rather than
    // filling hash sets (the warm path's main cost, doc/include-server.md "The
    // include graph"): nodes carry theirs, realpaths theirs in these vectors (by id).
    uint32_t m_stamp = 0;
    struct RealpathMark {
        uint32_t stamp = 0;
        uint32_t index = 0;
    };
    std::vector<RealpathMark> m_root_marks, m_total_marks;
    // Whether each realpath is under a system directory (0: not known yet), valid
    // while the number of system directories is m_system_known_for.
    std::vector<uint8_t> m_system;
    std::size_t m_system_known_for = 0;
    uint32_t next_stamp();
    bool is_system(Id realpath);
    RealpathMark& mark(std::vector<RealpathMark>& marks, Id realpath);
};

}  // namespace dcc::include_server
