// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of scan_args.hpp (upstream dcc_scan_args and
// dcc_expand_preprocessor_options).  The option knowledge is the sorted table below;
// the loop applies it word by word, and the first word that forces a local compile
// decides, as upstream's early returns do.
#include "compiler/scan_args.hpp"

#include <array>

#include "common/path.hpp"
#include "compiler/source_kind.hpp"

namespace dcc::compiler {
namespace {

using enum ScanAction;
using R = LocalReason;

// Sorted by name, exact before prefix (checked by is_well_formed in the unit test).
// `reason` is ignored for actions that cannot make a job local.
constexpr std::array<OptionRule<ScanRule>, 31> k_scan_rules = {{
    // gcc coverage is served over the extension (doc/protocol.md §16.6); the side-file
    // plan keeps it local where no host can serve it, and the daemon refuses it in
    // versions 1-3 as 3.4's scanner would.
    {"--coverage", Match::exact, {allowed, R::no_input}},
    {"-E", Match::exact, {local, R::preprocess_only}},
    {"-M", Match::prefix, {local, R::dependencies_only}},
    {"-MD", Match::exact, {allowed, R::no_input}},
    {"-MF", Match::exact, {allowed_skip_next, R::no_input}},
    {"-MF", Match::prefix, {allowed, R::no_input}},
    {"-MG", Match::exact, {allowed, R::no_input}},
    {"-MMD", Match::exact, {allowed, R::no_input}},
    {"-MP", Match::exact, {allowed, R::no_input}},
    {"-MQ", Match::exact, {allowed_skip_next, R::no_input}},
    {"-MQ", Match::prefix, {allowed, R::no_input}},
    {"-MT", Match::exact, {allowed_skip_next, R::no_input}},
    {"-MT", Match::prefix, {allowed, R::no_input}},
    {"-S", Match::exact, {seen_S, R::no_input}},
    {"-Wa,", Match::prefix, {assembler_options, R::assembler_listing}},
    {"-c", Match::exact, {seen_c, R::no_input}},
    {"-dr", Match::prefix, {local, R::rtl_dump}},
    {"-fauto-profile", Match::prefix, {local, R::profiling}},
    {"-flto", Match::exact, {local, R::lto}},
    {"-fprofile-arcs", Match::exact, {allowed, R::no_input}},
    {"-fprofile-correction", Match::exact, {local, R::profiling}},
    {"-fprofile-generate", Match::prefix, {local, R::profiling}},
    // Served as a declared extra input over the extension (doc/protocol.md §16.5).
    {"-fprofile-use", Match::prefix, {allowed, R::no_input}},
    {"-frepo", Match::exact, {local, R::frepo}},
    {"-ftest-coverage", Match::exact, {allowed, R::no_input}},
    {"-march=native", Match::exact, {local, R::native_cpu}},
    {"-mtune=native", Match::exact, {local, R::native_cpu}},
    {"-o", Match::exact, {output_next, R::trailing_output_flag}},
    {"-o", Match::prefix, {output_joined, R::no_input}},
    {"-specs=", Match::prefix, {local, R::specs_file}},
    {"-x", Match::prefix, {language, R::unsupported_language}},
}};

// Languages for which -x keeps a job distributable; a prefix test on the word after
// the -x option, so "c++", "cpp-output" and "objective-c++" pass too.
constexpr std::array<std::string_view, 3> k_distributable_languages = {"c", "objective-c", "go"};

bool is_distributable_language(std::string_view word) {
    for (std::string_view language : k_distributable_languages)
        if (word.starts_with(language)) return true;
    return false;
}

bool is_autoconf_probe(std::string_view input) {
    std::string_view base = path::basename(input);
    return base.starts_with("conftest.") || base.starts_with("tmp.conftest.");
}

bool is_md_word(std::string_view word) { return word == "-MD" || word == "-MMD"; }

// One -Wp, word's pieces, appended to `out`.
void expand_one_wp(std::string_view pieces, std::vector<std::string>& out) {
    std::vector<std::string_view> list;
    for (std::size_t pos = 0;;) {
        std::size_t comma = pieces.find(',', pos);
        list.push_back(pieces.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
        out.emplace_back(list[k]);
        if (is_md_word(list[k]) && k + 1 < list.size()) {
            out.emplace_back("-MF");
            out.emplace_back(list[++k]);
        }
    }
}

// The scanner's working state: the result being filled plus the loop position.
class Scanner {
public:
    explicit Scanner(const std::vector<std::string>& argv);

    ScanResult run();

private:
    // Each returns false when the job must run locally (m_result.reason set).
    bool option(std::size_t& i);
    bool non_option(std::size_t i);
    bool set_output(std::size_t index, bool joined);
    bool finish();
    bool run_locally(LocalReason reason) {
        m_result.decision = ScanResult::Decision::local;
        m_result.reason = reason;
        return false;
    }

    ScanResult m_result;
    bool m_have_input = false;
    bool m_have_output = false;
    bool m_saw_object_word = false;  // a stray .o word was taken as an output
};

Scanner::Scanner(const std::vector<std::string>& argv) {
    m_result.argv.reserve(argv.size() + 4);
    for (const std::string& word : argv) {
        if (word.starts_with("-Wp,")) {
            std::size_t first = m_result.argv.size();
            expand_one_wp(std::string_view(word).substr(4), m_result.argv);
            for (std::size_t k = first; k < m_result.argv.size(); ++k)
                m_result.md_from_wp |= is_md_word(m_result.argv[k]);
        } else {
            m_result.md_from_driver |= is_md_word(word);
            m_result.argv.push_back(word);
        }
    }
}

ScanResult Scanner::run() {
    const std::vector<std::string>& argv = m_result.argv;
    // argv[0] is the compiler; upstream also looked at it, which only matters for a
    // compiler whose name looks like a source or object file.
    for (std::size_t i = 1; i < argv.size(); ++i) {
        bool ok = argv[i].starts_with('-') ? option(i) : non_option(i);
        if (!ok) return std::move(m_result);
    }
    if (finish()) m_result.decision = ScanResult::Decision::distribute;
    return std::move(m_result);
}

bool Scanner::option(std::size_t& i) {
    const std::vector<std::string>& argv = m_result.argv;
    const std::string& word = argv[i];
    const OptionRule<ScanRule>* rule = find_option(scan_option_table(), word);
    if (!rule) return true;
    const bool has_next = i + 1 < argv.size();
    switch (rule->action.action) {
    case allowed: return true;
    case allowed_skip_next:
        // Upstream skipped past the end here and later let the argument-taking option
        // swallow the appended "-o"; gcc rejects such a command anyway.
        if (!has_next) return run_locally(LocalReason::missing_argument);
        ++i;
        return true;
    case local: return run_locally(rule->action.reason);
    case assembler_options:
        if (word.find(",-a") != std::string::npos || word.find("--MD") != std::string::npos)
            return run_locally(rule->action.reason);
        return true;
    case language:
        // Only the next word is examined, also for the joined form (QUIRK kept).  As
        // the last word, upstream ignored it; but then the appended "-o" becomes its
        // next word and the server's scan refuses the job, so run it locally.
        if (!has_next || !is_distributable_language(argv[i + 1])) return run_locally(rule->action.reason);
        return true;
    case seen_c: m_result.saw_dash_c = true; return true;
    case seen_S: m_result.saw_dash_S = true; return true;
    case output_next:
        if (!has_next) return run_locally(LocalReason::trailing_output_flag);
        return set_output(++i, false);
    case output_joined: return set_output(i, true);
    }
    return true;
}

bool Scanner::non_option(std::size_t i) {
    const std::string& word = m_result.argv[i];
    if (is_source(word)) {
        if (m_have_input) return run_locally(LocalReason::two_inputs);
        m_have_input = true;
        m_result.input = word;
        m_result.input_index = i;
        return true;
    }
    // A stray object word is taken as the output (QUIRK kept: "gcc -c a.c b.o");
    // beside another output it means a link (upstream: "called for link?  i give up").
    if (is_object(word)) {
        m_saw_object_word = true;
        return set_output(i, false);
    }
    return true;
}

bool Scanner::set_output(std::size_t index, bool joined) {
    if (m_have_output)
        return run_locally(m_saw_object_word ? LocalReason::object_inputs : LocalReason::two_outputs);
    m_have_output = true;
    const std::string& word = m_result.argv[index];
    m_result.output = joined ? word.substr(2) : word;
    m_result.output_index = index;
    m_result.output_joined = joined;
    return true;
}

bool Scanner::finish() {
    if (!m_result.saw_dash_c && !m_result.saw_dash_S) return run_locally(LocalReason::no_compile_flag);
    if (!m_have_input) return run_locally(LocalReason::no_input);
    if (is_autoconf_probe(m_result.input)) return run_locally(LocalReason::conftest);
    if (!m_have_output) {
        // What the compiler would write: the input's base name in the current
        // directory, with .s for -S (which wins over -c) and .o otherwise.
        std::string_view base = path::basename(m_result.input);
        if (base.size() < 3) return run_locally(LocalReason::short_basename);
        std::string output(base.substr(0, base.rfind('.')));
        output += m_result.saw_dash_S ? ".s" : ".o";
        m_result.argv.emplace_back("-o");
        m_result.argv.push_back(output);
        m_result.output = std::move(output);
        m_result.output_index = m_result.argv.size() - 1;
        m_result.output_implied = true;
    }
    if (m_result.output == "-") return run_locally(LocalReason::output_to_stdout);
    return true;
}

}  // namespace

std::span<const OptionRule<ScanRule>> scan_option_table() { return k_scan_rules; }

std::vector<std::string> expand_wp_options(const std::vector<std::string>& argv) {
    std::vector<std::string> out;
    out.reserve(argv.size() + 2);
    for (const std::string& word : argv) {
        if (word.starts_with("-Wp,"))
            expand_one_wp(std::string_view(word).substr(4), out);
        else
            out.push_back(word);
    }
    return out;
}

Result<ScanResult> scan_args(const std::vector<std::string>& argv) {
    if (argv.empty()) return make_error(ExitCode::bad_arguments, "no compiler command given");
    if (argv[0].starts_with('-'))
        return make_error(ExitCode::bad_arguments, "unrecognized distcc option: " + argv[0]);
    return Scanner(argv).run();
}

const char* describe(LocalReason reason) {
    switch (reason) {
    case LocalReason::preprocess_only: return "preprocessing only (-E)";
    case LocalReason::dependencies_only: return "dependencies only (-M)";
    case LocalReason::native_cpu: return "-march=native";
    case LocalReason::assembler_listing: return "assembler listing (-Wa,-a)";
    case LocalReason::profiling: return "profiling";
    case LocalReason::frepo: return "-frepo";
    case LocalReason::unsupported_language: return "-x language";
    case LocalReason::rtl_dump: return "RTL dump (-dr)";
    case LocalReason::no_compile_flag: return "linking";
    case LocalReason::no_input: return "no input file";
    case LocalReason::two_inputs: return "two input files";
    case LocalReason::two_outputs: return "two output files";
    case LocalReason::object_inputs: return "linking object files";
    case LocalReason::conftest: return "autoconf test";
    case LocalReason::output_to_stdout: return "output to stdout";
    case LocalReason::short_basename: return "source name too short";
    case LocalReason::trailing_output_flag: return "-o without a file";
    case LocalReason::specs_file: return "-specs=";
    case LocalReason::lto: return "-flto";
    case LocalReason::missing_argument: return "option without its argument";
    }
    return "unknown";
}

}  // namespace dcc::compiler
