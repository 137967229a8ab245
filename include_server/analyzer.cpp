// SPDX-License-Identifier: GPL-2.0-or-later
// The request pipeline (upstream's IncludeAnalyzer.DoCompilationCommand,
// ProcessCompilationCommand and the error handling of the request handler).
#include "include_server/analyzer.hpp"

#include <time.h>

#include <algorithm>
#include <unordered_set>

#include "common/clock.hpp"
#include "common/strings.hpp"
#include "include_server/command_parser.hpp"
#include "include_server/compressed_files.hpp"
#include "include_server/failure.hpp"
#include "include_server/include_closure.hpp"
#include "include_server/macro_table.hpp"
#include "include_server/path_mirror.hpp"
#include "include_server/system_dirs.hpp"
#include "include_server/system_links.hpp"
#include "include_server/verify.hpp"

namespace dcc::include_server {
namespace {

constexpr const char* k_unknown_translation_unit = "unknown translation unit";
constexpr const char* k_placeholder = "forcing_technique_271828";

}  // namespace

// Every cache of one generation; dropped as a whole on a reset.
struct Analyzer::Generation {
    Generation(int number_, std::string root_, FileSystem& fs, CompilerRunner& runner, const AnalyzerSettings& s,
               GraphHooks hooks)
        : number(number_), root(std::move(root_)), caches(fs), links(fs, root), mirror(caches, system_dirs, root),
          defaults(caches, system_dirs, links, runner, s.path_variable),
          graph(caches, macros, mirror, system_dirs, GraphSettings{s.absolute_includes, s.unexpanded_functions},
                std::move(hooks)),
          compressed(caches, mirror) {}

    int number;
    std::string root;
    Caches caches;
    MacroTable macros;
    SystemDirs system_dirs;
    SystemLinks links;
    PathMirror mirror;
    CompilerDefaults defaults;
    IncludeGraph graph;
    CompressedFiles compressed;
    std::size_t placeholders_made = 0;
};

Analyzer::Analyzer(AnalyzerSettings settings, FileSystem& fs, CompilerRunner& runner, ClientRoots& roots,
                   Reporter& reporter)
    : m_settings(std::move(settings)), m_fs(fs), m_runner(runner), m_roots(roots), m_reporter(reporter) {
    if (m_settings.path_observation_re) m_observation_re.emplace(*m_settings.path_observation_re);
    if (!m_settings.stat_reset_triggers.empty())
        m_triggers = std::make_unique<StatResetTriggers>(
            m_settings.stat_reset_triggers, [this](const std::string& p) { return m_fs.glob(p); }, stamp_of_path);
}

Analyzer::~Analyzer() = default;

int Analyzer::generation() const { return m_generation_number; }

Status Analyzer::start() { return new_generation(); }

Status Analyzer::new_generation() {
    auto root = m_roots.make_root(m_generation_number + 1);
    if (!root.ok()) return fatal(root.error().message);
    ++m_generation_number;
    GraphHooks hooks{[this](const std::string& text) { m_reporter.warning(text); }, [this] { return check_quota(); }};
    m_generation.reset();
    m_generation = std::make_unique<Generation>(m_generation_number, *root, m_fs, m_runner, m_settings, hooks);
    if (m_observation_re)
        m_generation->caches.set_observer([this](std::string_view include, std::string_view found,
                                                 std::string_view realpath) {
            if (std::regex_search(realpath.begin(), realpath.end(), *m_observation_re))
                m_observations.push_back(strings::format(
                    "lookup of file '%.*s' resolved to '%.*s' whose realpath is '%.*s'.", int(include.size()),
                    include.data(), int(found.size()), found.data(), int(realpath.size()), realpath.data()));
        });
    return {};
}

Status Analyzer::check_quota() {
    if (m_stop_requested) return not_covered("Include server is shutting down");
    if (!m_quota_running) return {};
    double spent = double(clock::thread_cpu_ns() - m_request_cpu_start_ns) / 1e9;
    if (spent <= m_settings.cpu_quota_seconds) return {};
    return time_out(strings::format("Bailing out because include server spent more than %3.1fs user time "
                                    "handling request",
                                    m_settings.cpu_quota_seconds));
}

Result<Resolution> Analyzer::command_line_file(Id cwd_id, const std::string& file, const char* kind,
                                               const std::vector<Id>& search) {
    Caches& caches = m_generation->caches;
    std::string dir;
    std::string name = file;
    if (!file.empty() && file[0] == '/') {
        std::size_t slash = file.rfind('/');
        dir = slash == 0 ? "/" : file.substr(0, slash);
        name = file.substr(slash + 1);
    }
    auto name_id = caches.includepath(name, AbsolutePaths::accept);
    if (!name_id.ok()) return std::move(name_id).error();
    auto found = caches.resolve(*name_id, cwd_id, caches.directory(dir), search);
    if (!found.ok()) return std::move(found).error();
    if (!*found) return not_covered_quietly(std::string("Could not find ") + kind + " '" + file + "'.");
    DCC_TRY(m_generation->mirror.mirror(caches.absolute(cwd_id, file), cwd_id));
    return *found;
}

Result<std::vector<std::string>> Analyzer::placeholders() {
    Generation& g = *m_generation;
    const std::vector<std::string>& dirs = g.mirror.must_exist_dirs();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        std::string path = dirs[i] + "/" + k_placeholder;
        if (g.links.inside_link(path)) continue;  // never write through a system link
        if (i >= g.placeholders_made) {
            Status made = m_fs.touch(path);
            if (!made.ok()) return fatal("Could not create '" + path + "': " + made.error().message);
        }
        out.push_back(std::move(path));
    }
    g.placeholders_made = dirs.size();
    return out;
}

Status Analyzer::verify_and_write(const std::string& cwd, const std::vector<std::string>& argv,
                                  const std::string& result_prefix, const std::vector<ClosureFile>& closure) {
    Generation& g = *m_generation;
    if (m_settings.verify) {
        auto deps = exact_dependencies(argv, cwd, m_settings.tmpdir);
        if (!deps.ok()) return in_file(m_translation_unit, std::move(deps).error());
        Id cwd_id = g.caches.directory(cwd);
        std::vector<std::string> exact;
        for (const std::string& dep : *deps) {
            auto id = g.caches.canonical(g.caches.absolute(cwd_id, dep));
            if (!id.ok()) return std::move(id).error();
            std::string real(g.caches.realpaths().text(*id));
            if (!g.system_dirs.starts_any(real)) exact.push_back(std::move(real));
        }
        std::sort(exact.begin(), exact.end());
        exact.erase(std::unique(exact.begin(), exact.end()), exact.end());
        if (m_settings.write_include_closure) DCC_TRY(write_dependency_list(result_prefix + ".d_exact", exact));
        std::unordered_set<std::string_view> computed;
        for (const ClosureFile& file : closure) computed.insert(g.caches.realpaths().text(file.realpath));
        std::vector<std::string> missing;
        for (const std::string& real : exact)
            if (!computed.count(real)) missing.push_back(real);
        if (!missing.empty()) return in_file(m_translation_unit, not_covered(missing_dependencies_message(missing)));
    }
    if (m_settings.write_include_closure) {
        std::vector<std::string> approx;
        for (const ClosureFile& file : closure) approx.emplace_back(g.caches.realpaths().text(file.realpath));
        DCC_TRY(write_dependency_list(result_prefix + ".d_approx", approx));
    }
    return {};
}

Result<std::vector<std::string>> Analyzer::analyse(const std::string& cwd, const std::vector<std::string>& argv,
                                                   CopyPlan& copies) {
    if (cwd.empty() || cwd[0] != '/') return not_covered("Client directory must be absolute: '" + cwd + "'");
    Generation& g = *m_generation;
    Caches& caches = g.caches;
    GlobFunction glob = [this, &cwd](const std::string& pattern) {
        if (!pattern.empty() && pattern[0] == '/') return m_fs.glob(pattern);
        std::string prefix = cwd == "/" ? cwd : cwd + "/";
        std::vector<std::string> found = m_fs.glob(prefix + pattern);
        for (std::string& path : found) path.erase(0, prefix.size());
        return found;
    };
    auto command = parse_command(argv, cwd, glob);
    if (!command.ok()) return std::move(command).error();
    auto system = g.defaults.dirs_for(command->compiler, command->sysroot, command->language, cwd);
    if (!system.ok()) return std::move(system).error();
    m_translation_unit = command->translation_unit;

    GraphQuery query;
    query.cwd = caches.directory(cwd);
    for (const std::string& dir : quote_list(*command, **system)) query.quote_dirs.push_back(caches.directory(dir));
    for (const std::string& dir : angle_list(*command, **system)) query.angle_dirs.push_back(caches.directory(dir));

    std::vector<Resolution> roots;
    auto enter_defines = [&]() -> Status {
        for (const CommandDefine& define : command->defines) DCC_TRY(g.graph.define(define.head, define.value));
        return {};
    };
    for (const std::string& file : command->include_files) {
        auto root = command_line_file(query.cwd, file, "include file", query.quote_dirs);
        if (!root.ok()) return std::move(root).error();
        if (roots.empty()) DCC_TRY(enter_defines());
        roots.push_back(*root);
    }
    auto unit = command_line_file(query.cwd, command->translation_unit, "translation unit", {});
    if (!unit.ok()) return std::move(unit).error();
    if (roots.empty()) DCC_TRY(enter_defines());
    roots.push_back(*unit);

    auto closure = g.graph.closure(query, roots);
    if (!closure.ok()) return std::move(closure).error();
    m_quota_running = false;  // writing the copies is not analysis
    auto compressed = g.compressed.compress(*closure, query.cwd);
    if (!compressed.ok()) return std::move(compressed).error();
    copies = std::move(compressed->plan);  // written even if the request fails from here on
    std::vector<std::string> reply = std::move(compressed->paths);
    reply.insert(reply.end(), g.links.links().begin(), g.links.links().end());
    reply.insert(reply.end(), g.mirror.links().begin(), g.mirror.links().end());
    if (m_settings.force_dirs) {
        auto forced = placeholders();
        if (!forced.ok()) return std::move(forced).error();
        reply.insert(reply.end(), forced->begin(), forced->end());
    }
    DCC_TRY(verify_and_write(cwd, argv, command->result_file_prefix, *closure));
    return reply;
}

void Analyzer::report_failure(const Error& error, Answer& answer) {
    FailureKind kind = kind_of(error);
    if (kind == FailureKind::fatal) {
        m_reporter.report(fatal_report(error.message, m_translation_unit), true, false);
        answer.terminate = true;
        return;
    }
    m_reporter.report(not_covered_report(error.message, m_translation_unit), false,
                      kind == FailureKind::not_covered_quietly);
    if (kind == FailureKind::time_out) {
        m_reporter.trace("Clearing caches because of include server timeout.");
        Status fresh = new_generation();
        if (!fresh.ok()) {
            m_reporter.report(fatal_report(fresh.error().message, m_translation_unit), true, false);
            answer.terminate = true;
        }
    }
}

void Analyzer::record_statistics(double seconds, uint64_t parsed_before) {
    const IncludeGraph::Counters& graph = m_generation->graph.counters();
    const Caches::Counters& caches = m_generation->caches.counters();
    RequestFigures f;
    f.translation_unit = m_translation_unit;
    f.seconds = seconds;
    f.files_parsed_total = graph.files_parsed;
    f.files_parsed_new = graph.files_parsed - std::min(parsed_before, graph.files_parsed);
    f.computed_includes = graph.computed_includes;
    f.node_hits = graph.node_hits;
    f.node_misses = graph.node_misses;
    f.configurations = graph.configurations;
    f.closure_nodes = graph.closure_nodes;
    f.rebuild_rounds = graph.rebuild_rounds;
    f.stat_calls = caches.stat_calls;
    f.probes = caches.probes;
    f.resolve_calls = caches.resolve_calls;
    f.generation = static_cast<uint64_t>(m_generation_number);
    m_statistics_text += m_statistics.record(f);
}

void Analyzer::write_copies(Answer& answer) {
    if (answer.copies.empty()) return;
    Status written = include_server::write_copies(m_fs, answer.copies);
    answer.copies = {};
    if (written.ok()) return;
    m_reporter.report(fatal_report(written.error().message, answer.translation_unit), true, false);
    answer.paths.clear();
    answer.terminate = true;
}

std::string Analyzer::take_statistics() { return std::exchange(m_statistics_text, std::string()); }

Answer Analyzer::handle(const std::string& cwd, const std::vector<std::string>& argv) {
    double wall_start = clock::monotonic_seconds();
    Answer answer;
    m_translation_unit = k_unknown_translation_unit;
    if (m_triggers) {
        if (auto change = m_triggers->check()) {
            m_reporter.warning(*change);
            Status fresh = new_generation();
            if (!fresh.ok()) {
                report_failure(fresh.error(), answer);
                return answer;
            }
        }
    }
    uint64_t parsed_before = m_generation->graph.counters().files_parsed;
    m_request_cpu_start_ns = clock::thread_cpu_ns();
    m_quota_running = true;
    auto paths = analyse(cwd, argv, answer.copies);
    m_quota_running = false;
    answer.translation_unit = m_translation_unit;
    if (paths.ok())
        answer.paths = std::move(*paths);
    else
        report_failure(paths.error(), answer);
    for (const std::string& observation : m_observations)
        m_reporter.warning("For translation unit '" + m_translation_unit + "', " + observation);
    m_observations.clear();
    if (m_settings.statistics && !answer.terminate)
        record_statistics(clock::monotonic_seconds() - wall_start,
                          parsed_before);
    return answer;
}

}  // namespace dcc::include_server
