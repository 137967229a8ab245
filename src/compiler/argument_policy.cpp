// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of argument_policy.hpp: one walk over the driver words, collecting
// the payloads for inner tools, then one walk per inner tool (doc/security.md §2).
// The first refused word decides.
#include "compiler/argument_policy.hpp"

#include <array>
#include <span>

#include "common/path.hpp"
#include "compiler/argument_rules.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::compiler {
namespace {

using Tables = std::span<const std::span<const PolicyRule>>;

// The -x values of is_remote_language (argument_policy.hpp), gcc's and clang's spellings.
constexpr std::array<std::string_view, 15> k_remote_languages = {
    "c",
    "c++",
    "objective-c",
    "objective-c++",
    "c-header",
    "c++-header",
    "objective-c-header",
    "objective-c++-header",
    "cpp-output",
    "c++-cpp-output",
    "objective-c-cpp-output",
    "objective-c++-cpp-output",
    "objc-cpp-output",
    "objc++-cpp-output",
    "none",
};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool all_of(std::string_view text, std::string_view extra) {
    for (char c : text)
        if (!is_alnum(c) && extra.find(c) == std::string_view::npos) return false;
    return true;
}

bool is_name(std::string_view text) { return !text.empty() && all_of(text, "_+.-"); }
bool is_token(std::string_view text) { return all_of(text, "_+.,:=-"); }

// A written file must stay in the job directory: relative, no ".." component.
bool stays_in_job_dir(std::string_view path) {
    if (path.empty() || path.starts_with('/')) return false;
    for (std::size_t pos = 0; pos <= path.size();) {
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        if (path.substr(pos, end - pos) == "..") return false;
        pos = end + 1;
    }
    return true;
}

std::string_view strip_version(std::string_view name) {
    std::size_t dash = name.rfind('-');
    if (dash == std::string_view::npos || dash + 1 == name.size()) return name;
    std::string_view tail = name.substr(dash + 1);
    if (tail.front() < '0' || tail.front() > '9' || !all_of(tail, ".")) return name;
    return name.substr(0, dash);
}

const char* reason_text(RefusalKind kind) {
    switch (kind) {
    case RefusalKind::loads_code: return "it loads code into the compiler";
    case RefusalKind::runs_program: return "it chooses a program the compiler runs, or where it finds its programs";
    case RefusalKind::writes_file: return "it writes a file outside the job directory, or one the reply does not carry";
    case RefusalKind::reads_file: return "it makes the compiler read a data file named by the client";
    case RefusalKind::link_only: return "it passes words to the linker, and no link runs remotely";
    case RefusalKind::offload: return "GPU and offload compiles are not run remotely";
    case RefusalKind::not_compile: return "it is not a compile distcc runs remotely";
    case RefusalKind::path_outside_job: return "an output path must be relative and stay inside the job directory";
    case RefusalKind::language: return "only C-family languages are compiled remotely";
    case RefusalKind::bad_value: return "its value is not of the allowed form (a plain word, no path)";
    case RefusalKind::missing_value: return "its value is missing";
    case RefusalKind::unknown_option: return "it is not in the allow-list of harmless options";
    case RefusalKind::operand: return "it is neither the input nor the output";
    case RefusalKind::response_file: return "response files are expanded by the client, not read on the server";
    }
    return "refused";
}

RefusalKind kind_of(Verdict verdict) {
    switch (verdict) {
    case Verdict::loads_code: return RefusalKind::loads_code;
    case Verdict::runs_program: return RefusalKind::runs_program;
    case Verdict::writes_file: return RefusalKind::writes_file;
    case Verdict::reads_file: return RefusalKind::reads_file;
    case Verdict::link_only: return RefusalKind::link_only;
    case Verdict::offload: return RefusalKind::offload;
    case Verdict::not_compile:
    case Verdict::accept: break;
    }
    return RefusalKind::not_compile;
}

ArgumentRefusal refuse(RefusalKind kind, std::string argument) {
    return ArgumentRefusal{kind, std::move(argument), reason_text(kind)};
}

// Whether the word after an option's bare name can be its value (and so is shown
// with a refusal).
bool takes_value(const PolicyRule& rule) {
    return rule.action.form == ArgForm::separate || rule.action.form == ArgForm::joined_or_separate;
}

// One payload for an inner tool and the driver word that carried it, for messages.
struct Payload {
    std::string word;
    std::string carrier;  // "-Xclang", "-Wa,-MD,f", ...
    bool joined = false;  // the carrier holds the payload ("-Wa,-MD,f", "-mllvm=X")
};

std::string describe_payload(const Payload& payload) {
    return payload.joined ? payload.carrier : payload.carrier + " " + payload.word;
}

std::vector<std::string_view> comma_pieces(std::string_view list) {
    std::vector<std::string_view> pieces;
    for (std::size_t pos = 0;;) {
        std::size_t comma = list.find(',', pos);
        pieces.push_back(list.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
        if (comma == std::string_view::npos) return pieces;
        pos = comma + 1;
    }
}

// The value of the option at words[i] under `rule`; advances i past a separate value.
struct Value {
    std::string_view text;
    std::size_t index = 0;  // the word holding a separate value, else 0
    bool missing = false;
};

template <typename Words, typename WordOf>
Value value_of(const Words& words, std::size_t& i, const PolicyRule& rule, WordOf word_of) {
    std::string_view word = word_of(words[i]);
    bool separate = rule.action.form == ArgForm::separate ||
                    (rule.action.form == ArgForm::joined_or_separate && word.size() == rule.name.size());
    if (rule.action.form == ArgForm::none) return {};
    if (!separate) return {word.substr(rule.name.size()), 0, false};
    if (i + 1 >= words.size()) return {{}, 0, true};
    ++i;
    return {word_of(words[i]), i, false};
}

// Checks a value of a plain kind (not a pass-through); nullopt when it is acceptable.
std::optional<RefusalKind> plain_value_problem(ValueKind kind, std::string_view value) {
    switch (kind) {
    case ValueKind::none:
    case ValueKind::text: return std::nullopt;
    // An -f word that is not a bare name ("-fnew-option=x") is an -f option without a row.
    case ValueKind::name: return is_name(value) ? std::nullopt : std::optional(RefusalKind::unknown_option);
    case ValueKind::token: return is_token(value) ? std::nullopt : std::optional(RefusalKind::bad_value);
    case ValueKind::read_path: return value.empty() ? std::optional(RefusalKind::bad_value) : std::nullopt;
    case ValueKind::job_path:
        return stays_in_job_dir(value) ? std::nullopt : std::optional(RefusalKind::path_outside_job);
    case ValueKind::language:
        return is_remote_language(value) ? std::nullopt : std::optional(RefusalKind::language);
    default: return RefusalKind::unknown_option;  // pass-through kinds are handled by the caller
    }
}

class Checker {
public:
    Checker(const ScanResult& scan, Tables driver) : m_scan(scan), m_driver(driver) {}

    std::optional<ArgumentRefusal> run();

private:
    std::optional<ArgumentRefusal> driver_word(std::size_t& i);
    std::optional<ArgumentRefusal> inner_words(const std::vector<Payload>& payloads, Tables tables);
    std::optional<ArgumentRefusal> llvm_word(const Payload& payload);

    const ScanResult& m_scan;
    Tables m_driver;
    std::vector<Payload> m_cc1, m_assembler, m_preprocessor;
};

std::optional<ArgumentRefusal> Checker::run() {
    const std::vector<std::string>& argv = m_scan.argv;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        if (i == m_scan.input_index) continue;
        if (i == m_scan.output_index && !m_scan.output_joined) continue;  // a stray object word taken as output
        if (auto refusal = driver_word(i)) return refusal;
    }
    static const std::span<const PolicyRule> k_cc1_tables[] = {cc1_rules(), common_driver_rules()};
    static const std::span<const PolicyRule> k_assembler_tables[] = {assembler_rules()};
    static const std::span<const PolicyRule> k_preprocessor_tables[] = {preprocessor_rules()};
    if (auto refusal = inner_words(m_cc1, k_cc1_tables)) return refusal;
    if (auto refusal = inner_words(m_assembler, k_assembler_tables)) return refusal;
    return inner_words(m_preprocessor, k_preprocessor_tables);
}

std::optional<ArgumentRefusal> Checker::driver_word(std::size_t& i) {
    const std::vector<std::string>& argv = m_scan.argv;
    const std::string& word = argv[i];
    if (word.starts_with('@')) return refuse(RefusalKind::response_file, word);
    if (!word.starts_with('-') || word.size() < 2) return refuse(RefusalKind::operand, word);
    const PolicyRule* rule = find_policy_rule(m_driver, word);
    if (!rule) return refuse(RefusalKind::unknown_option, word);
    const std::size_t option_index = i;
    // A word that is exactly the option's name shows the next word too: its value.
    auto with_next = [&] {
        bool bare = word.size() == rule->name.size() && option_index + 1 < argv.size() && takes_value(*rule);
        return bare ? word + " " + argv[option_index + 1] : word;
    };
    if (rule->action.verdict != Verdict::accept) return refuse(kind_of(rule->action.verdict), with_next());
    Value value = value_of(argv, i, *rule, [](const std::string& w) -> std::string_view { return w; });
    if (value.missing) return refuse(RefusalKind::missing_value, word);
    // The daemon replaces the input and output words with its own paths: neither may
    // be another option's value (say "-Xanalyzer -load -Xanalyzer <input>").
    if (value.index != 0 && (value.index == m_scan.input_index || value.index == m_scan.output_index) &&
        rule->action.value != ValueKind::output)
        return refuse(RefusalKind::operand, with_next());
    switch (rule->action.value) {
    case ValueKind::output: return std::nullopt;
    case ValueKind::cc1_word: m_cc1.push_back({std::string(value.text), word}); return std::nullopt;
    case ValueKind::assembler_word: m_assembler.push_back({std::string(value.text), word}); return std::nullopt;
    case ValueKind::preprocessor_word: m_preprocessor.push_back({std::string(value.text), word}); return std::nullopt;
    case ValueKind::llvm_word: return llvm_word({std::string(value.text), word, value.index == 0});
    case ValueKind::assembler_list:
        for (std::string_view piece : comma_pieces(value.text))
            m_assembler.push_back({std::string(piece), word, true});
        return std::nullopt;
    case ValueKind::preprocessor_list:
        for (std::string_view piece : comma_pieces(value.text))
            m_preprocessor.push_back({std::string(piece), word, true});
        return std::nullopt;
    default: break;
    }
    if (auto problem = plain_value_problem(rule->action.value, value.text)) return refuse(*problem, with_next());
    return std::nullopt;
}

std::optional<ArgumentRefusal> Checker::inner_words(const std::vector<Payload>& payloads, Tables tables) {
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const Payload& payload = payloads[i];
        const std::string& word = payload.word;
        if (!word.starts_with('-') || word.size() < 2) return refuse(RefusalKind::operand, describe_payload(payload));
        const PolicyRule* rule = find_policy_rule(tables, word);
        if (!rule) return refuse(RefusalKind::unknown_option, describe_payload(payload));
        const std::size_t option_index = i;
        auto with_next = [&] {
            std::string text = describe_payload(payload);
            if (payload.joined) return text;  // the carrier shows every piece
            if (word.size() == rule->name.size() && option_index + 1 < payloads.size() && takes_value(*rule))
                text += " " + describe_payload(payloads[option_index + 1]);
            return text;
        };
        if (rule->action.verdict != Verdict::accept) return refuse(kind_of(rule->action.verdict), with_next());
        Value value = value_of(payloads, i, *rule, [](const Payload& p) -> std::string_view { return p.word; });
        if (value.missing) return refuse(RefusalKind::missing_value, describe_payload(payload));
        switch (rule->action.value) {
        case ValueKind::output: return refuse(RefusalKind::writes_file, with_next());
        case ValueKind::llvm_word:
            if (auto refusal = llvm_word({std::string(value.text), describe_payload(payload)})) return refusal;
            continue;
        case ValueKind::cc1_word:
        case ValueKind::assembler_word:
        case ValueKind::preprocessor_word:
        case ValueKind::assembler_list:
        case ValueKind::preprocessor_list:
            // A pass-through inside a pass-through: no inner tool reads one.
            return refuse(RefusalKind::unknown_option, with_next());
        default: break;
        }
        if (auto problem = plain_value_problem(rule->action.value, value.text)) return refuse(*problem, with_next());
    }
    return std::nullopt;
}

std::optional<ArgumentRefusal> Checker::llvm_word(const Payload& payload) {
    static const std::span<const PolicyRule> k_tables[] = {llvm_rules()};
    const PolicyRule* rule = find_policy_rule(k_tables, payload.word);
    if (!rule || rule->action.form == ArgForm::separate || rule->action.form == ArgForm::joined_or_separate)
        return refuse(RefusalKind::unknown_option, describe_payload(payload));
    if (rule->action.verdict != Verdict::accept)
        return refuse(kind_of(rule->action.verdict), describe_payload(payload));
    std::string_view value = std::string_view(payload.word).substr(rule->name.size());
    if (auto problem = plain_value_problem(rule->action.value, value))
        return refuse(*problem, describe_payload(payload));
    return std::nullopt;
}

std::optional<ArgumentRefusal> check_family(const ScanResult& scan, CompilerFamily family) {
    static const std::span<const PolicyRule> k_gcc[] = {gcc_driver_rules(), common_driver_rules()};
    static const std::span<const PolicyRule> k_clang[] = {clang_driver_rules(), common_driver_rules()};
    return Checker(scan, family == CompilerFamily::clang ? Tables(k_clang) : Tables(k_gcc)).run();
}

}  // namespace

std::optional<CompilerFamily> compiler_family(std::string_view argv0) {
    std::string_view name = strip_version(path::basename(argv0));
    struct Known {
        std::string_view name;
        CompilerFamily family;
    };
    static constexpr Known k_known[] = {
        {"gcc", CompilerFamily::gcc},     {"g++", CompilerFamily::gcc}, {"clang", CompilerFamily::clang},
        {"clang++", CompilerFamily::clang}, {"cc", CompilerFamily::either}, {"c++", CompilerFamily::either},
    };
    for (const Known& known : k_known) {
        if (name == known.name) return known.family;
        // "<triple>-gcc": the part before must itself be a triple-like word.
        if (name.size() > known.name.size() + 1 && name.ends_with(known.name) &&
            name[name.size() - known.name.size() - 1] == '-' &&
            is_name(name.substr(0, name.size() - known.name.size() - 1)))
            return known.family;
    }
    return std::nullopt;
}

bool is_remote_language(std::string_view language) {
    for (std::string_view known : k_remote_languages)
        if (language == known) return true;
    return false;
}

const char* refusal_rule(RefusalKind kind) {
    switch (kind) {
    case RefusalKind::loads_code: return "plugin";
    case RefusalKind::runs_program: return "program";
    case RefusalKind::writes_file: return "output_path";
    case RefusalKind::reads_file: return "input_path";
    case RefusalKind::link_only: return "link";
    case RefusalKind::offload: return "offload";
    case RefusalKind::not_compile: return "not_compile";
    case RefusalKind::path_outside_job: return "output_path";
    case RefusalKind::language: return "language";
    case RefusalKind::bad_value: return "value";
    case RefusalKind::missing_value: return "missing_value";
    case RefusalKind::unknown_option: return "unknown_option";
    case RefusalKind::operand: return "operand";
    case RefusalKind::response_file: return "response_file";
    }
    return "argument";
}

std::optional<ArgumentRefusal> check_arguments(const std::vector<std::string>& argv, CompilerFamily family) {
    auto scan = scan_args(argv);
    if (!scan || !scan->distribute())
        return refuse(RefusalKind::not_compile, argv.empty() ? std::string() : argv[0]);
    if (family == CompilerFamily::either) {
        if (auto refusal = check_family(*scan, CompilerFamily::gcc)) return refusal;
        return check_family(*scan, CompilerFamily::clang);
    }
    return check_family(*scan, family);
}

std::optional<ArgumentRefusal> check_arguments(const std::vector<std::string>& argv) {
    auto family = argv.empty() ? std::nullopt : compiler_family(argv[0]);
    return check_arguments(argv, family.value_or(CompilerFamily::either));
}

}  // namespace dcc::compiler
