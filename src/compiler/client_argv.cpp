// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of client_argv.hpp (upstream dcc_strip_local_args, dcc_strip_dasho,
// dcc_set_action_opt, and the -MT handling of the pump client).  Server argv vectors
// observed with Debian 3.4: "cc -Dhello hello.c -c" -> "cc hello.c -c -o hello.o";
// "-c -I. -I.. -I../include -c -o foo.o foo.c" -> "-c -c -o foo.o foo.c".
#include "compiler/client_argv.hpp"

#include <array>

#include "common/path.hpp"
#include "compiler/compiler_name.hpp"

namespace dcc::compiler {
namespace {

using enum StripAction;

// Sorted by name, exact before prefix (checked by the unit test).
constexpr std::array<OptionRule<StripAction>, 34> k_strip_rules = {{
    {"-D", Match::exact, drop_with_argument},
    {"-D", Match::prefix, drop},
    {"-I", Match::exact, drop_with_argument},
    {"-I", Match::prefix, drop},
    {"-L", Match::exact, drop_with_argument},
    {"-L", Match::prefix, drop},
    {"-MD", Match::exact, drop},
    {"-MF", Match::exact, drop_with_argument},
    {"-MF", Match::prefix, drop},
    {"-MG", Match::exact, drop},
    {"-MMD", Match::exact, drop},
    {"-MP", Match::exact, drop},
    {"-MQ", Match::exact, drop_with_argument},
    {"-MQ", Match::prefix, drop},
    {"-MT", Match::exact, drop_with_argument},
    {"-MT", Match::prefix, drop},
    {"-U", Match::exact, drop_with_argument},
    {"-U", Match::prefix, drop},
    {"-Wl,", Match::prefix, drop},
    {"-Wp,", Match::prefix, drop},
    {"-Xpreprocessor", Match::exact, drop_with_argument},
    {"-idirafter", Match::exact, drop_with_argument},
    {"-imacros", Match::exact, drop_with_argument},
    {"-include", Match::exact, drop_with_argument},
    {"-iprefix", Match::exact, drop_with_argument},
    {"-isystem", Match::exact, drop_with_argument},
    {"-isystem", Match::prefix, drop},
    {"-iwithprefix", Match::exact, drop_with_argument},
    {"-iwithprefixbefore", Match::exact, drop_with_argument},
    {"-l", Match::exact, drop_with_argument},
    {"-l", Match::prefix, drop},
    {"-nostdinc", Match::exact, drop},
    {"-nostdinc++", Match::exact, drop},
    {"-undef", Match::exact, drop},
}};

bool has_prefix(const std::vector<std::string>& argv, std::string_view prefix) {
    for (const std::string& w : argv)
        if (w.starts_with(prefix)) return true;
    return false;
}

bool output_named_by_user(const ScanResult& scan) {
    if (scan.output_implied) return false;
    return scan.output_joined || (scan.output_index > 0 && scan.argv[scan.output_index - 1] == "-o");
}

// The plain-mode .d fix of preprocessor_argv (see the header).
void add_dependency_file_options(const ScanResult& scan, std::vector<std::string>& out) {
    if (!output_named_by_user(scan)) return;
    const bool clang = is_clang_name(path::basename(scan.argv[0]));
    if (!scan.md_from_driver && !(scan.md_from_wp && clang)) return;
    if (scan.md_from_driver && !has_prefix(scan.argv, "-MF")) {
        out.emplace_back("-MF");
        out.push_back(dotd_name_for_output(scan.output));
    }
    if (!has_prefix(scan.argv, "-MT") && !has_prefix(scan.argv, "-MQ")) {
        out.emplace_back("-MQ");
        out.push_back(scan.output);
    }
}

}  // namespace

std::span<const OptionRule<StripAction>> strip_option_table() { return k_strip_rules; }

std::vector<std::string> strip_local_args(std::span<const std::string> argv) {
    std::vector<std::string> out;
    out.reserve(argv.size());
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const OptionRule<StripAction>* rule = i == 0 ? nullptr : find_option(strip_option_table(), argv[i]);
        if (!rule) {
            out.push_back(argv[i]);
        } else if (rule->action == drop_with_argument) {
            ++i;  // past the end when the option is last: then only it goes
        }
    }
    return out;
}

std::vector<std::string> plain_remote_argv(const ScanResult& scan) {
    std::span<const std::string> user(scan.argv);
    if (scan.output_implied) user = user.first(user.size() - 2);
    std::vector<std::string> out = strip_local_args(user);
    if (scan.output_implied) {
        out.emplace_back("-o");
        out.push_back(scan.output);
    }
    return out;
}

std::vector<std::string> preprocessor_argv(const ScanResult& scan, PreprocessStyle style) {
    std::vector<std::string> out;
    out.reserve(scan.argv.size() + 4);
    for (std::size_t i = 0; i < scan.argv.size(); ++i) {
        const std::string& word = scan.argv[i];
        if (i > 0 && word == "-o") {
            ++i;
        } else if (i > 0 && word.starts_with("-o")) {
            continue;
        } else if (word == "-c" || word == "-S") {
            out.emplace_back("-E");
            if (style == PreprocessStyle::directives_only) out.emplace_back("-fdirectives-only");
            if (style == PreprocessStyle::rewrite_includes) out.emplace_back("-frewrite-includes");
        } else {
            out.push_back(word);
        }
    }
    add_dependency_file_options(scan, out);
    return out;
}

std::vector<std::string> faithful_server_argv(std::vector<std::string> server_argv, PreprocessStyle style,
                                              std::string_view cwd) {
    if (server_argv.empty()) return server_argv;
    if (style == PreprocessStyle::directives_only)
        server_argv.insert(server_argv.begin() + 1, {"-fpreprocessed", "-fdirectives-only"});
    if (style == PreprocessStyle::rewrite_includes && !cwd.empty() &&
        !has_prefix(server_argv, "-fdebug-compilation-dir") && !has_prefix(server_argv, "-ffile-compilation-dir"))
        server_argv.insert(server_argv.begin() + 1, "-fdebug-compilation-dir=" + std::string(cwd));
    return server_argv;
}

std::vector<std::string> pump_server_argv(const ScanResult& scan, const DotdInfo& dotd) {
    std::vector<std::string> out = scan.argv;
    if (dotd.needed && !dotd.sets_target) {
        out.emplace_back("-MT");
        out.push_back(pump_dotd_target(scan, dotd));
    }
    return out;
}

}  // namespace dcc::compiler
