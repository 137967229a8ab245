// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of side_files.hpp (doc/protocol.md §16.5).
#include "compiler/side_files.hpp"

#include <algorithm>
#include <array>

#include "common/path.hpp"
#include "compiler/argument_policy.hpp"
#include "compiler/source_names.hpp"

namespace dcc::compiler {
namespace {

// Options a server cannot reproduce for the client's paths (doc/protocol.md §16.5).
constexpr std::array<std::string_view, 2> k_profile_generate_words = {"-fprofile-generate", "-fprofile-instr-generate"};

// gcc coverage instrumentation, served with gcc (doc/protocol.md §16.6).
constexpr std::array<std::string_view, 3> k_coverage_words = {"--coverage", "-ftest-coverage", "-fprofile-arcs"};

// Words that make gcc write or read a file named after the auxiliary base name, which
// for a coverage job is the client's absolute path (-dumpdir): never with coverage
// (doc/protocol.md §16.6), whatever the argument policy allows.
// clang-format off
constexpr std::array<std::string_view, 17> k_aux_name_prefixes = {
    "-fstack-usage", "-gsplit-dwarf", "-fcallgraph-info", "-fsave-optimization-record", "-fcompare-debug",
    "-fprofile-use", "-fauto-profile", "-fbranch-probabilities", "-fprofile-note", "-fprofile-abs-path",
    "-fdump-", "-save-temps", "-aux-info", "-flto", "-fopt-info", "-fdiagnostics-format", "-dump"};
// clang-format on

// Options that change where gcc looks for profile data: not served.
constexpr std::array<std::string_view, 2> k_profile_location_prefixes = {"-fprofile-dir=", "-fprofile-prefix-path="};

// clang's file-valued declared inputs (the gcc ones are decided per family).
constexpr std::array<std::string_view, 5> k_clang_inputs = {"-fprofile-use=", "-fprofile-instr-use=",
                                                            "-fprofile-sample-use=", "-fsanitize-ignorelist=",
                                                            "-fsanitize-blacklist="};

// How far an output word may climb (the daemon's own bound is proto::Limits'
// max_path_depth).
constexpr std::size_t k_max_output_climb = 16;

std::string stem_of(std::string_view output) {
    std::size_t slash = output.rfind('/');
    std::size_t dot = output.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) ||
        dot == (slash == std::string_view::npos ? 0 : slash + 1))
        return std::string(output);
    return std::string(output.substr(0, dot));
}

class Planner {
public:
    explicit Planner(const ScanResult& scan) : m_scan(scan) {}

    SidePlan run() {
        m_plan.output_stem = stem_of(m_scan.output);
        auto family = compiler_family(m_scan.argv.empty() ? std::string_view() : m_scan.argv[0]);
        for (std::size_t i = 1; i < m_scan.argv.size(); ++i) word(i, family);
        if (!m_plan.needed()) {
            m_plan.unusable.reset();
            return std::move(m_plan);
        }
        if (!m_plan.unusable) place_output();
        if (!m_plan.unusable && m_blocked) m_plan.unusable = *m_blocked;
        if (!m_plan.unusable && m_plan.coverage && m_aux_word)
            m_plan.unusable = "coverage together with " + *m_aux_word + ", which names a file after the object";
        return std::move(m_plan);
    }

private:
    // A relative output word may climb: the daemon nests its working directory so
    // that the path stays inside its job directory (doc/protocol.md §16.7 item 3).
    void place_output() {
        const std::string& output = m_scan.output;
        if (output.empty() || path::is_absolute(output)) {
            m_plan.unusable = "its output path is absolute";
            return;
        }
        std::size_t climb = climb_of(output);
        auto placed = place_in_job(output, climb);
        if (!placed) {
            m_plan.unusable = "its output path names no file";
            return;
        }
        if (climb == 0) return;
        if (climb > k_max_output_climb) {
            m_plan.unusable = "its output path climbs too far with \"..\"";
            return;
        }
        if (m_gcc_profile_dir) {
            m_plan.unusable = "-fprofile-use=DIR with an output path that climbs with \"..\"";
            return;
        }
        m_plan.placed_output.emplace(m_scan.output_index, (m_scan.output_joined ? "-o" : "") + placed->file);
    }
    void add_output(SideKind kind) {
        for (const SideOutput& o : m_plan.outputs)
            if (o.kind == kind) return;
        m_plan.outputs.push_back({kind, m_plan.output_stem + side_suffix(kind)});
    }
    void add_input(std::size_t i, std::string option, std::string value, InputForm form) {
        m_plan.inputs.push_back({i, std::move(option), std::move(value), form});
        m_plan.served_words.push_back(i);
    }
    void word(std::size_t i, std::optional<CompilerFamily> family) {
        const std::string& w = m_scan.argv[i];
        if (i == m_scan.output_index || i == m_scan.input_index) return;
        for (std::string_view prefix : k_aux_name_prefixes)
            if (!m_aux_word && (w.starts_with(prefix) || w.starts_with("-" + std::string(prefix)))) m_aux_word = w;
        if ((w == "-gsplit-dwarf" || w == "-gsplit-dwarf=split") && m_scan.saw_dash_c && !m_scan.saw_dash_S)
            return add_output(SideKind::dwo);
        if (w == "-fstack-usage") return add_output(SideKind::stack_usage);
        if (w == "-ftime-trace" && family == CompilerFamily::clang) {
            m_plan.served_words.push_back(i);
            return add_output(SideKind::time_trace);
        }
        if (std::find(k_profile_generate_words.begin(), k_profile_generate_words.end(), w) !=
            k_profile_generate_words.end())
            m_blocked = "profiling (" + w + ") records the client's paths";
        if (std::find(k_coverage_words.begin(), k_coverage_words.end(), w) != k_coverage_words.end()) {
            m_plan.coverage = true;
            m_plan.served_words.push_back(i);  // the daemon places the note itself
            if (family == CompilerFamily::clang)
                m_plan.clang_coverage = true;
            else if (family != CompilerFamily::gcc)
                m_blocked = "coverage (" + w + ") is served for gcc and clang only";
            if (w != "-ftest-coverage") m_plan.coverage_arcs = true;
            if (w != "-fprofile-arcs") add_output(SideKind::gcov_note);
            return;
        }
        for (std::string_view prefix : k_profile_location_prefixes)
            if (w.starts_with(prefix)) m_blocked = "profile data located by " + std::string(prefix);
        bool gcc = family == CompilerFamily::gcc;
        if (gcc && w == "-fprofile-use") return add_input(i, w, "", InputForm::gcc_profile_bare);
        if (gcc && w.starts_with("-fprofile-use=")) {
            m_gcc_profile_dir = true;
            return add_input(i, "-fprofile-use=", w.substr(14), InputForm::gcc_profile_dir);
        }
        for (std::string_view prefix : k_clang_inputs) {
            if (!w.starts_with(prefix)) continue;
            if (family != CompilerFamily::clang) {
                m_blocked = "the compiler's family is unknown for " + std::string(prefix);
                return;
            }
            if (w.size() == prefix.size()) m_blocked = std::string(prefix) + " without a file";
            return add_input(i, std::string(prefix), w.substr(prefix.size()), InputForm::file);
        }
    }

    const ScanResult& m_scan;
    SidePlan m_plan;
    std::optional<std::string> m_blocked;
    std::optional<std::string> m_aux_word;  // the first word of k_aux_name_prefixes
    bool m_gcc_profile_dir = false;
};

}  // namespace

const char* side_suffix(SideKind kind) {
    switch (kind) {
    case SideKind::dwo: return ".dwo";
    case SideKind::stack_usage: return ".su";
    case SideKind::time_trace: return ".json";
    case SideKind::gcov_note: return ".gcno";
    }
    return "";
}

SidePlan plan_side_files(const ScanResult& scan) { return Planner(scan).run(); }

std::string gcc_mangled_gcda_name(std::string_view absolute_stem) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = absolute_stem.find('/', start);
        std::string_view part = absolute_stem.substr(start, slash == std::string_view::npos ? slash : slash - start);
        out += part == ".." ? std::string_view("^") : part;
        if (slash == std::string_view::npos) break;
        out += '#';
        start = slash + 1;
    }
    return out + ".gcda";
}

std::vector<std::string> without_served_words(const std::vector<std::string>& argv,
                                              const std::vector<std::size_t>& served) {
    std::vector<std::string> out;
    out.reserve(argv.size());
    for (std::size_t i = 0; i < argv.size(); ++i)
        if (std::find(served.begin(), served.end(), i) == served.end()) out.push_back(argv[i]);
    return out;
}

std::vector<std::string> policy_view(std::vector<std::string> argv, const SidePlan& plan) {
    if (plan.placed_output && plan.placed_output->first < argv.size())
        argv[plan.placed_output->first] = plan.placed_output->second;
    return without_served_words(argv, plan.served_words);
}

std::vector<std::string> side_server_argv(const ScanResult& scan, const SidePlan& plan, const std::string& input_path,
                                          const std::vector<std::string>& input_paths, std::string_view job_cwd,
                                          std::string_view client_cwd) {
    std::vector<std::string> argv = scan.argv;
    argv[scan.input_index] = input_path;
    for (std::size_t k = 0; k < plan.inputs.size() && k < input_paths.size(); ++k) {
        const ExtraInput& input = plan.inputs[k];
        if (input.form != InputForm::gcc_profile_bare) argv[input.index] = input.option + input_paths[k];
    }
    argv.push_back("-fdebug-prefix-map=" + std::string(job_cwd) + "=" + std::string(client_cwd));
    if (plan.clang_coverage) {
        // Later cc1 words win over the driver's (doc/protocol.md §16.7).
        if (plan.coverage_arcs) {
            argv.push_back("-Xclang");
            argv.push_back("-coverage-data-file=" + std::string(client_cwd) + "/" + plan.output_stem + ".gcda");
        }
        for (const SideOutput& output : plan.outputs)
            if (output.kind == SideKind::gcov_note) {
                argv.push_back("-Xclang");
                argv.push_back("-coverage-notes-file=" + output.path);
            }
    } else if (plan.coverage) {
        // gcc 12 names the .gcda getpwd() + "/" + <aux base> for a relative aux base
        // and <aux base> for an absolute one; the same concatenation here gives the
        // client's name byte for byte (doc/protocol.md §16.6).
        std::size_t slash = scan.output.rfind('/');
        std::string output_dir = slash == std::string::npos ? std::string() : scan.output.substr(0, slash + 1);
        argv.push_back("-dumpdir");
        argv.push_back(std::string(client_cwd) + "/" + output_dir);
        for (const SideOutput& output : plan.outputs)
            if (output.kind == SideKind::gcov_note) argv.push_back("-fprofile-note=" + output.path);
    }
    return argv;
}

}  // namespace dcc::compiler
