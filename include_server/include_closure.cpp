// SPDX-License-Identifier: GPL-2.0-or-later
// The memoised include graph (upstream's IncludeAnalyzerMemoizingNode.FindNode and
// _CalculateIncludeClosureExceptSystem).  One difference in the bookkeeping: an
// invalidated node is rebuilt in place, so every parent sees its new children
// (upstream builds a new node and relies on the parents being invalid too).
#include "include_server/include_closure.hpp"

#include <algorithm>

#include "include_server/directive_scanner.hpp"
#include "include_server/failure.hpp"
#include "include_server/macro_eval.hpp"

namespace dcc::include_server {
namespace {

// More rebuild rounds than files could ever need; a safety net, not a limit in practice.
constexpr int k_max_rebuild_rounds = 1000;

std::string config_key(const GraphQuery& query) {
    std::string key;
    auto put = [&key](Id id) { key.append(reinterpret_cast<const char*>(&id), sizeof id); };
    put(query.cwd);
    put(static_cast<Id>(query.quote_dirs.size()));
    for (Id id : query.quote_dirs) put(id);
    for (Id id : query.angle_dirs) put(id);
    return key;
}

}  // namespace

Status IncludeGraph::check_quota() { return m_hooks.check ? m_hooks.check() : Status(); }

Status IncludeGraph::define(std::string_view head, std::optional<std::string_view> value) {
    auto added = m_macros.add(head, value);
    if (!added.ok()) return std::move(added).error();
    if (*added) m_support.invalidate(**added);
    return {};
}

IncludeGraph::Config& IncludeGraph::config_for(const GraphQuery& query) {
    std::unique_ptr<Config>& slot = m_configs[config_key(query)];
    if (!slot) {
        slot = std::make_unique<Config>();
        slot->query = query;
        ++m_counters.configurations;
    }
    return *slot;
}

Result<const IncludeGraph::ParsedFile*> IncludeGraph::parsed(Id realpath) {
    auto it = m_files.find(realpath);
    if (it != m_files.end()) return &it->second;
    std::string path(m_caches.realpaths().text(realpath));
    auto contents = m_caches.fs().read_file(path);
    if (!contents.ok()) return not_covered_quietly("Parse file: '" + path + "': " + contents.error().message);
    ++m_counters.files_parsed;
    ScanResult scan = scan_directives(*contents);
    for (const DefineLine& line : scan.defines) {
        Status entered = define(line.head, line.value ? std::optional<std::string_view>(*line.value) : std::nullopt);
        if (!entered.ok()) return in_file(path, std::move(entered).error());
    }
    ParsedFile file;
    auto intern_all = [&](const std::vector<std::string>& paths, std::vector<Id>& out) -> Status {
        for (const std::string& include : paths) {
            bool warned = false;
            auto id = m_caches.includepath(include, m_settings.absolute_includes, &warned);
            if (!id.ok()) return in_file(path, std::move(id).error());
            if (warned && m_hooks.warn)
                m_hooks.warn("absolute filepath '" + include + "' was IGNORED (correctness of build may be affected)");
            out.push_back(*id);
        }
        return {};
    };
    DCC_TRY(intern_all(scan.quote_includes, file.quote));
    DCC_TRY(intern_all(scan.angle_includes, file.angle));
    DCC_TRY(intern_all(scan.next_includes, file.next));
    file.exprs = std::move(scan.expr_includes);
    return &m_files.emplace(realpath, std::move(file)).first->second;
}

Status IncludeGraph::add_child(Node& parent, Result<Node*> child) {
    if (!child.ok()) return std::move(child).error();
    parent.children.push_back(*child);
    m_support.add(parent.support, (*child)->support.symbols());
    return {};
}

Status IncludeGraph::computed_include(Config& config, Node& node, const std::string& expr, Id file_dir) {
    ++m_counters.computed_includes;
    EvalContext context;
    context.check = m_hooks.check;
    context.unexpanded_functions = m_settings.unexpanded_functions;
    auto values = evaluate_expression(expr, m_macros, context);
    if (!values.ok()) return std::move(values).error();
    std::vector<Id> symbols;
    const GraphQuery& q = config.query;
    for (const std::string& value : *values) {
        auto form = include_form(value);
        if (!form) {
            for (const std::string& name : identifiers(value)) symbols.push_back(m_support.symbol(name));
            continue;
        }
        bool warned = false;
        auto id = m_caches.includepath(form->path, m_settings.absolute_includes, &warned);
        if (!id.ok()) return std::move(id).error();
        if (warned && m_hooks.warn)
            m_hooks.warn("absolute filepath '" + form->path + "' was IGNORED (correctness of build may be affected)");
        auto found = form->angle ? m_caches.resolve(*id, q.cwd, 0, q.angle_dirs)
                                 : m_caches.resolve(*id, q.cwd, file_dir, q.quote_dirs);
        if (!found.ok()) return std::move(found).error();
        if (!*found) continue;
        DCC_TRY(add_child(node, find_node(config, NodeKey{found->pair.searchdir, found->pair.includepath, 0,
                                                          Mode::resolved},
                                          *found)));
    }
    std::sort(symbols.begin(), symbols.end());
    symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
    m_support.add(node.support, symbols);
    return {};
}

Status IncludeGraph::resolve_next(Config& config, Node& node) {
    // #include_next: every directory of the quote list holding the file counts.
    const GraphQuery& q = config.query;
    for (Id dir : q.quote_dirs) {
        Id one[] = {dir};
        auto found = m_caches.resolve(node.includepath, q.cwd, 0, one);
        if (!found.ok()) return std::move(found).error();
        if (!*found) continue;
        auto child = find_node(config, NodeKey{found->pair.searchdir, found->pair.includepath, 0, Mode::resolved},
                               *found);
        if (!child.ok()) return std::move(child).error();
        node.children.push_back(*child);
    }
    return {};
}

Status IncludeGraph::build_children(Config& config, Node& node) {
    node.children.clear();
    node.support.valid = true;
    if (node.mode == Mode::next) return resolve_next(config, node);
    if (!node.realpath) return {};
    auto dir = m_caches.dirname(config.query.cwd, node.pair);
    if (!dir.ok()) return std::move(dir).error();
    Id file_dir = dir->first;
    auto file = parsed(node.realpath);
    if (!file.ok()) return std::move(file).error();
    const ParsedFile& f = **file;
    for (Id include : f.quote)
        DCC_TRY(add_child(node, find_node(config, NodeKey{include, 0, file_dir, Mode::quote}, {})));
    for (Id include : f.angle) DCC_TRY(add_child(node, find_node(config, NodeKey{include, 0, 0, Mode::angle}, {})));
    for (const std::string& expr : f.exprs) DCC_TRY(computed_include(config, node, expr, file_dir));
    for (Id include : f.next) DCC_TRY(add_child(node, find_node(config, NodeKey{include, 0, 0, Mode::next}, {})));
    return {};
}

Result<IncludeGraph::Node*> IncludeGraph::find_node(Config& config, NodeKey key, Resolution resolved) {
    if (++m_counters.find_node % 256 == 0) DCC_TRY(check_quota());
    const GraphQuery& q = config.query;
    Node* node = nullptr;
    auto known = config.nodes.find(key);
    if (known != config.nodes.end()) {
        if (known->second->support.valid) {
            ++m_counters.node_hits;
            return known->second;
        }
        node = known->second;  // its resolution stands; its children are rebuilt
    } else {
        node = &config.storage.emplace_back();
        node->mode = key.mode;
        node->includepath = key.mode == Mode::resolved ? key.second : key.first;
        if (key.mode == Mode::quote || key.mode == Mode::angle) {
            auto found = key.mode == Mode::quote ? m_caches.resolve(key.first, q.cwd, key.file_dir, q.quote_dirs)
                                                 : m_caches.resolve(key.first, q.cwd, 0, q.angle_dirs);
            if (!found.ok()) return std::move(found).error();
            resolved = *found;
        }
        node->realpath = resolved.realpath;
        node->pair = resolved.pair;
        config.nodes.emplace(key, node);
    }
    if (node->realpath) {
        NodeKey mirrored{node->pair.searchdir, node->pair.includepath, q.cwd, Mode::resolved};
        if (m_mirrored.insert(mirrored).second) DCC_TRY(m_mirror.mirror(m_caches.absolute(q.cwd, node->pair), q.cwd));
    }
    if (!node->realpath) {
        if (node->mode == Mode::next) DCC_TRY(build_children(config, *node));
        return node;
    }
    auto dir = m_caches.dirname(q.cwd, node->pair);
    if (!dir.ok()) return std::move(dir).error();
    if (node->mode != Mode::resolved) {
        uint64_t real_key = (uint64_t(node->realpath) << 32) | dir->second;
        auto same = config.by_realpath.find(real_key);
        if (same != config.by_realpath.end() && node->support.valid && same->second != node) {
            ++m_counters.node_hits;
            config.nodes[key] = same->second;
            return same->second;
        }
        config.by_realpath[real_key] = node;
    }
    ++m_counters.node_misses;
    DCC_TRY(build_children(config, *node));
    return node;
}

uint32_t IncludeGraph::next_stamp() {
    if (++m_stamp == 0) {  // wrapped: forget every old mark
        for (auto& entry : m_configs)
            for (Node& node : entry.second->storage) node.visited = 0;
        std::fill(m_root_marks.begin(), m_root_marks.end(), RealpathMark{});
        std::fill(m_total_marks.begin(), m_total_marks.end(), RealpathMark{});
        m_stamp = 1;
    }
    return m_stamp;
}

bool IncludeGraph::is_system(Id realpath) {
    if (m_system_known_for != m_system_dirs.all().size()) {
        m_system.assign(m_system.size(), 0);
        m_system_known_for = m_system_dirs.all().size();
    }
    if (realpath >= m_system.size()) m_system.resize(realpath + 1, 0);
    uint8_t& known = m_system[realpath];
    if (known == 0) known = m_system_dirs.starts_any(m_caches.realpaths().text(realpath)) ? 2 : 1;
    return known == 2;
}

IncludeGraph::RealpathMark& IncludeGraph::mark(std::vector<RealpathMark>& marks, Id realpath) {
    if (realpath >= marks.size()) marks.resize(realpath + 1);
    return marks[realpath];
}

Status IncludeGraph::rebuild_invalid(Config& config, const std::vector<Node*>& roots, bool& changed) {
    changed = false;
    uint32_t stamp = next_stamp();
    std::vector<Node*> stack(roots.begin(), roots.end());
    std::vector<Node*> invalid;
    while (!stack.empty()) {
        Node* node = stack.back();
        stack.pop_back();
        if (node->visited == stamp) continue;
        node->visited = stamp;
        if (!node->support.valid) invalid.push_back(node);
        stack.insert(stack.end(), node->children.begin(), node->children.end());
    }
    for (Node* node : invalid) {
        if (node->support.valid) continue;  // rebuilt as a descendant of an earlier one
        changed = true;
        DCC_TRY(build_children(config, *node));
    }
    return {};
}

Result<std::vector<ClosureFile>> IncludeGraph::closure(const GraphQuery& query, const std::vector<Resolution>& roots) {
    Config& config = config_for(query);
    std::vector<Node*> root_nodes;
    for (const Resolution& root : roots) {
        auto node = find_node(config, NodeKey{root.pair.searchdir, root.pair.includepath, 0, Mode::resolved}, root);
        if (!node.ok()) return std::move(node).error();
        root_nodes.push_back(*node);
    }
    for (int round = 0; round < k_max_rebuild_rounds; ++round) {
        bool changed = false;
        DCC_TRY(rebuild_invalid(config, root_nodes, changed));
        if (!changed) break;
        ++m_counters.rebuild_rounds;
    }
    // Each root's closure as upstream computes it (a stack, children pushed in
    // order), merged like Python's dict.update: first position wins, later value wins.
    std::vector<ClosureFile> total;
    uint32_t request_stamp = next_stamp();
    std::vector<ClosureFile> order;
    std::vector<Node*> stack;
    for (Node* root : root_nodes) {
        uint32_t stamp = next_stamp();
        order.clear();
        stack.assign(1, root);
        while (!stack.empty()) {
            Node* node = stack.back();
            stack.pop_back();
            if (node->visited == stamp) continue;
            node->visited = stamp;
            ++m_counters.closure_nodes;
            if (node->realpath && !is_system(node->realpath)) {
                RealpathMark& seen = mark(m_root_marks, node->realpath);
                if (seen.stamp != stamp) {
                    seen = RealpathMark{stamp, static_cast<uint32_t>(order.size())};
                    order.push_back(ClosureFile{node->realpath, std::nullopt});
                }
                std::optional<FilePair>& first = order[seen.index].absolute_pair;
                std::string_view searchdir = m_caches.directories().text(node->pair.searchdir);
                if (!first && !searchdir.empty() && searchdir[0] == '/') first = node->pair;
            }
            stack.insert(stack.end(), node->children.begin(), node->children.end());
        }
        for (ClosureFile& file : order) {
            RealpathMark& at = mark(m_total_marks, file.realpath);
            if (at.stamp != request_stamp) {
                at = RealpathMark{request_stamp, static_cast<uint32_t>(total.size())};
                total.push_back(file);
            } else {
                total[at.index].absolute_pair = file.absolute_pair;
            }
        }
    }
    return total;
}

}  // namespace dcc::include_server
