// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of flag_rules.hpp.
#include "daemon/flag_rules.hpp"

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

using compiler::Match;
using Rule = compiler::OptionRule<FlagCheck>;

constexpr Rule k_rules[] = {
    {"--config", Match::prefix, FlagCheck::config_file},
    {"--gcc-install-dir", Match::prefix, FlagCheck::prefix_dir},
    {"--gcc-toolchain", Match::prefix, FlagCheck::prefix_dir},
    {"--output", Match::prefix, FlagCheck::output_alias},
    {"--prefix", Match::prefix, FlagCheck::prefix_dir},
    {"--specs", Match::prefix, FlagCheck::specs},
    {"-B", Match::prefix, FlagCheck::prefix_dir},
    {"-MF", Match::exact, FlagCheck::output_next},
    {"-MF", Match::prefix, FlagCheck::output_joined},
    {"-MJ", Match::exact, FlagCheck::output_next},
    {"-MJ", Match::prefix, FlagCheck::output_joined},
    {"-Wa,", Match::prefix, FlagCheck::assembler_words},
    {"-Xassembler", Match::exact, FlagCheck::assembler_next},
    {"-Xclang", Match::exact, FlagCheck::clang_cc1},
    {"-aux-info", Match::exact, FlagCheck::output_next},
    {"-dumpbase", Match::exact, FlagCheck::output_next},
    {"-dumpdir", Match::exact, FlagCheck::output_next},
    {"-fcompare-debug=", Match::prefix, FlagCheck::compare_debug},
    {"-fcrash-diagnostics-dir=", Match::prefix, FlagCheck::output_value},
    {"-fdiagnostics-add-output=", Match::prefix, FlagCheck::output_value},
    {"-fdiagnostics-set-output=", Match::prefix, FlagCheck::output_value},
    {"-fdump-", Match::prefix, FlagCheck::output_value},
    {"-fopt-info", Match::prefix, FlagCheck::output_value},
    {"-foptimization-record-file=", Match::prefix, FlagCheck::output_value},
    {"-fpass-plugin=", Match::prefix, FlagCheck::plugin},
    {"-fprofile-note=", Match::prefix, FlagCheck::output_value},
    {"-ftime-trace=", Match::prefix, FlagCheck::output_value},
    {"-gcc-toolchain", Match::prefix, FlagCheck::prefix_dir},
    {"-specs", Match::exact, FlagCheck::specs},
    {"-wrapper", Match::exact, FlagCheck::wrapper},
};

static_assert(compiler::is_well_formed<FlagCheck>(k_rules), "flag rule table must be sorted");

Refusal refuse(const char* rule, std::string argument, std::string reason, log::Level level = log::Level::warning) {
    return Refusal{rule, std::move(argument), std::move(reason), level};
}

// A path the compiler would write to, unsafe when it may leave the job directory.
bool escapes_job_dir(std::string_view path) {
    if (path.starts_with('/')) return true;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        if (path.substr(pos, end - pos) == "..") return true;
        pos = end + 1;
    }
    return false;
}

// Every '='-separated value inside `word` (e.g. "sarif:file=/x" in
// -fdiagnostics-add-output=sarif:file=/x) and the comma pieces of each.
bool any_value_escapes(std::string_view word) {
    for (std::size_t eq = word.find('='); eq != std::string_view::npos; eq = word.find('=', eq + 1)) {
        std::string_view rest = word.substr(eq + 1);
        for (const std::string& piece : strings::split_any(rest, ",:"))
            if (escapes_job_dir(piece)) return true;
    }
    return false;
}

// Assembler options that write files: -o F, -a[...]=F listings, --MD F.
bool assembler_writes_file(std::string_view option) {
    return option.starts_with("-o") || option.starts_with("-a") || option.starts_with("--MD");
}

bool clang_loads_code(std::string_view cc1_option) {
    return cc1_option.starts_with("-load") || cc1_option.starts_with("-plugin") ||
           cc1_option.starts_with("-add-plugin");
}

std::optional<Refusal> check_word(const std::vector<std::string>& argv, std::size_t i, const Rule& rule) {
    const std::string& word = argv[i];
    const std::string* next = i + 1 < argv.size() ? &argv[i + 1] : nullptr;
    switch (rule.action) {
    case FlagCheck::plugin:
        return refuse("plugin", word, "compiler plugins are insecure and not supported.");
    case FlagCheck::clang_cc1:
        if (next && clang_loads_code(*next))
            return refuse("plugin", word + " " + *next, "clang plugins are insecure and not supported.");
        return std::nullopt;
    case FlagCheck::specs:
        return refuse("specs", next && word.find('=') == std::string::npos ? word + " " + *next : word,
                      "-specs= passed, but we cannot find the specs.");
    case FlagCheck::wrapper:
        return refuse("wrapper", next ? word + " " + *next : word, "-wrapper would run a program chosen by the client.");
    case FlagCheck::prefix_dir:
        return refuse("prefix_dir", word, "options choosing where the compiler finds its programs are not supported.");
    case FlagCheck::config_file:
        return refuse("config_file", word, "compiler configuration files are not supported.");
    case FlagCheck::compare_debug:
        return refuse("compare_debug", word, "-fcompare-debug= with options is not supported.");
    case FlagCheck::output_alias:
        return refuse("output_path", word, "--output is not supported; use -o.");
    case FlagCheck::output_next:
        if (next && escapes_job_dir(*next))
            return refuse("output_path", word + " " + *next, "output files must stay in the job directory.");
        return std::nullopt;
    case FlagCheck::output_joined:
        if (escapes_job_dir(std::string_view(word).substr(rule.name.size())))
            return refuse("output_path", word, "output files must stay in the job directory.");
        return std::nullopt;
    case FlagCheck::output_value:
        if (any_value_escapes(word))
            return refuse("output_path", word, "output files must stay in the job directory.");
        return std::nullopt;
    case FlagCheck::assembler_words:
        for (const std::string& piece : strings::split_any(std::string_view(word).substr(4), ","))
            if (assembler_writes_file(piece))
                return refuse("assembler_output", word, "assembler options that write files are not supported.");
        return std::nullopt;
    case FlagCheck::assembler_next:
        if (next && assembler_writes_file(*next))
            return refuse("assembler_output", word + " " + *next,
                          "assembler options that write files are not supported.");
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::span<const compiler::OptionRule<FlagCheck>> flag_rule_table() { return k_rules; }

std::optional<Refusal> check_flags(const std::vector<std::string>& argv) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.starts_with('@'))
            return refuse("response_file", word, "response files are expanded by the client, not read here.");
        const Rule* rule = compiler::find_option<FlagCheck>(k_rules, word);
        if (!rule) continue;
        if (auto refusal = check_word(argv, i, *rule)) return refusal;
    }
    return std::nullopt;
}

}  // namespace dcc::daemon
