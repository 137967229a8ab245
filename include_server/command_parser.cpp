// SPDX-License-Identifier: GPL-2.0-or-later
// Upstream's ParseCommandArgs (parse_command.py) as tables: one-letter options,
// options that take a word (separate or, for some, joined), `--sysroot=`, one-word
// options and the -Wa,FILE.s forms, tried in upstream's order.
#include "include_server/command_parser.hpp"

#include <array>
#include <span>

#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

enum class Action {
    ignore, define, i_dir, output, language, framework, include_file, after_dir, iprefix,
    with_prefix_after, with_prefix_before, isysroot, before_dir, quote_dir, imultilib, xpreprocessor,
};

struct OptionRow {
    std::string_view name;
    Action action;
};

// CPP_OPTIONS_ONE_LETTER: the letter after '-'; the argument is joined or the next word.
constexpr OptionRow k_one_letter[] = {
    {"D", Action::define}, {"I", Action::i_dir}, {"U", Action::ignore}, {"o", Action::output},
    {"x", Action::language}, {"A", Action::ignore}, {"l", Action::ignore}, {"F", Action::framework},
    {"u", Action::ignore}, {"L", Action::ignore}, {"B", Action::ignore}, {"V", Action::ignore},
    {"b", Action::ignore},
};

// CPP_OPTIONS_MAYBE_TWO_WORDS, in upstream's order: the joined form is matched by
// prefix in this order, so "-iwithprefixbeforeX" is -iwithprefix with "beforeX".
constexpr OptionRow k_maybe_two_words[] = {
    {"-MF", Action::ignore}, {"-MT", Action::ignore}, {"-MQ", Action::ignore},
    {"-arch", Action::ignore}, {"-target", Action::ignore},
    {"-include", Action::include_file}, {"-imacros", Action::include_file},
    {"-idirafter", Action::after_dir}, {"-iprefix", Action::iprefix},
    {"-iwithprefix", Action::with_prefix_after}, {"-iwithprefixbefore", Action::with_prefix_before},
    {"-isysroot", Action::isysroot}, {"-imultilib", Action::imultilib},
    {"-isystem", Action::before_dir}, {"-iquote", Action::quote_dir},
};

// CPP_OPTIONS_ALWAYS_TWO_WORDS: only the separate form.
constexpr OptionRow k_always_two_words[] = {
    {"-Xpreprocessor", Action::xpreprocessor}, {"-aux-info", Action::ignore}, {"--param", Action::ignore},
    {"-Xassembler", Action::ignore}, {"-Xlinker", Action::ignore}, {"-Xclang", Action::ignore},
};

// Second letters that can start a k_maybe_two_words option (upstream's filter).
constexpr std::string_view k_maybe_two_words_letters = "Mi-at";

struct LanguageRow {
    std::string_view extension;
    std::string_view language;
};

// basics.TRANSLATION_UNIT_MAP.  Unlike the client, ".c++" and ".cp" are not here.
constexpr LanguageRow k_languages[] = {
    {"c", "c"}, {"i", "c"}, {"cc", "c++"}, {"cpp", "c++"}, {"cxx", "c++"}, {"C", "c++"},
    {"CXX", "c++"}, {"ii", "c++"}, {"m", "objective-c"}, {"mi", "objective-c"},
    {"mm", "objective-c++"}, {"M", "objective-c++"}, {"mii", "objective-c++"},
};

const OptionRow* find_exact(std::span<const OptionRow> rows, std::string_view word) {
    for (const OptionRow& row : rows)
        if (row.name == word) return &row;
    return nullptr;
}

bool is_path_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '/';
}

// The FILE of "-Wa,FILE.s..." or "-Wa,[FILE.s]" (upstream's two regular expressions,
// matched at the start of the word only, the first one with backtracking).
std::optional<std::string> assembler_input(std::string_view word) {
    constexpr std::string_view prefix = "-Wa,";
    if (!word.starts_with(prefix)) return std::nullopt;
    std::string_view rest = word.substr(prefix.size());
    bool bracketed = !rest.empty() && rest[0] == '[';
    std::string_view body = bracketed ? rest.substr(1) : rest;
    std::size_t run = 0;
    while (run < body.size() && is_path_char(body[run])) ++run;
    if (!bracketed) {
        for (std::size_t end = run; end >= 3; --end)
            if (body.substr(end - 2, 2) == ".s") return std::string(body.substr(0, end));
    }
    // The first expression can also match "-Wa,[" words only if '[' were a path
    // character, which it is not; so the bracketed form is the second expression.
    if (bracketed && run >= 3 && body.substr(run - 2, 2) == ".s" && run < body.size() && body[run] == ']')
        return std::string(body.substr(0, run));
    return std::nullopt;
}

std::string join_prefix(const std::string& prefix, std::string_view dir) {
    // os.path.join: an absolute second part wins; an empty first part adds nothing.
    if (prefix.empty() || (!dir.empty() && dir[0] == '/')) return std::string(dir);
    if (prefix.back() == '/') return prefix + std::string(dir);
    return prefix + "/" + std::string(dir);
}

struct State {
    ParsedCommand command;
    std::vector<std::string> file_names;
    std::string language = "none";
    std::string isysroot;
    std::string sysroot;
    std::optional<std::string> output;
    std::string iprefix;
};

Status apply(State& state, Action action, std::string_view arg, const GlobFunction& glob) {
    ParsedCommand& c = state.command;
    std::string value(arg);
    switch (action) {
    case Action::ignore: break;
    case Action::define: {
        // Upstream splits at every '=' and keeps only NAME=VALUE pairs.
        std::size_t eq = value.find('=');
        if (eq != std::string::npos && value.find('=', eq + 1) == std::string::npos)
            c.defines.push_back({value.substr(0, eq), value.substr(eq + 1)});
        break;
    }
    case Action::i_dir: c.i_dirs.push_back(value); break;
    case Action::output: state.output = value; break;
    case Action::language: state.language = value; break;
    case Action::framework:
        for (std::string& dir : glob(join_prefix(value, "*/Headers"))) c.i_dirs.push_back(std::move(dir));
        break;
    case Action::include_file: c.include_files.push_back(value); break;
    case Action::after_dir: c.after_system_dirs.push_back(value); break;
    case Action::iprefix: state.iprefix = value; break;
    case Action::with_prefix_after: c.after_system_dirs.push_back(join_prefix(state.iprefix, value)); break;
    case Action::with_prefix_before: c.i_dirs.push_back(join_prefix(state.iprefix, value)); break;
    case Action::isysroot: state.isysroot = value; break;
    case Action::before_dir: c.before_system_dirs.push_back(value); break;
    case Action::quote_dir: c.quote_dirs.push_back(value); break;
    case Action::imultilib: return not_covered("-imultilib is not implemented.  ");
    case Action::xpreprocessor: return not_covered("-Xpreprocessor is not implemented.  ");
    }
    return {};
}

Error missing_argument(std::string_view option) {
    return not_covered("No argument found for option '" + std::string(option) + "'");
}

// One word (and possibly the next): returns how many words were consumed.
Result<std::size_t> parse_option(State& state, const std::vector<std::string>& argv, std::size_t i,
                                 const GlobFunction& glob) {
    const std::string& word = argv[i];
    bool has_next = i + 1 < argv.size();
    if (const OptionRow* row = find_exact(k_one_letter, word.substr(1, 1))) {
        if (word.size() > 2) {
            DCC_TRY(apply(state, row->action, std::string_view(word).substr(2), glob));
            return std::size_t{1};
        }
        if (!has_next) return missing_argument(word);
        DCC_TRY(apply(state, row->action, argv[i + 1], glob));
        return std::size_t{2};
    }
    const OptionRow* two = find_exact(k_maybe_two_words, word);
    if (!two) two = find_exact(k_always_two_words, word);
    if (two) {
        if (!has_next) return missing_argument(word);
        DCC_TRY(apply(state, two->action, argv[i + 1], glob));
        return std::size_t{2};
    }
    if (word.starts_with("--sysroot=")) {
        state.sysroot = word.substr(std::string_view("--sysroot=").size());
        return std::size_t{1};
    }
    if (word == "-nostdinc") state.command.nostdinc = true;
    if (word == "-nostdinc" || word == "-undef") return std::size_t{1};
    if (k_maybe_two_words_letters.find(word[1]) != std::string_view::npos) {
        for (const OptionRow& row : k_maybe_two_words)
            if (word.starts_with(row.name)) {
                DCC_TRY(apply(state, row.action, std::string_view(word).substr(row.name.size()), glob));
                return std::size_t{1};
            }
    }
    if (auto file = assembler_input(word)) state.command.include_files.push_back(*file);
    return std::size_t{1};
}

std::string strip_extension(const std::string& source) {
    std::size_t dot = source.rfind('.');
    if (dot == std::string::npos || language_for_extension(source).empty()) return source;
    return source.substr(0, dot);
}

std::string result_prefix(const State& state, std::string_view cwd, const std::string& source) {
    std::string prefix;
    if (state.output && !state.output->empty()) {
        prefix = *state.output;
        if (prefix.ends_with(".o")) prefix.resize(prefix.size() - 2);
    } else {
        prefix = strip_extension(source);
    }
    return join_prefix(std::string(cwd), prefix);
}

void append_normalised(std::vector<std::string>& out, const std::vector<std::string>& dirs) {
    for (const std::string& dir : dirs) out.push_back(safe_norm_path(dir));
}

}  // namespace

std::string safe_norm_path(std::string_view path) {
    if (path == ".") return std::string();
    while (path.starts_with("./")) path.remove_prefix(2);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return std::string(path);
}

std::string_view language_for_extension(std::string_view file_name) {
    std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string_view extension = file_name.substr(dot + 1);
    for (const LanguageRow& row : k_languages)
        if (row.extension == extension) return row.language;
    return {};
}

Result<ParsedCommand> parse_command(const std::vector<std::string>& argv, std::string_view cwd,
                                    const GlobFunction& glob) {
    if (argv.size() < 2) return not_covered("Command line: too few arguments.");
    State state;
    state.command.compiler = argv[0];
    for (std::size_t i = 1; i < argv.size();) {
        const std::string& word = argv[i];
        if (word.empty() || word[0] != '-' || word == "-") {
            if (!word.starts_with("\"-")) state.file_names.push_back(word);
            ++i;
            continue;
        }
        auto consumed = parse_option(state, argv, i, glob);
        if (!consumed.ok()) return std::move(consumed).error();
        i += *consumed;
    }
    ParsedCommand& c = state.command;
    for (const std::string& dir : c.i_dirs)
        if (dir == "-") return not_covered("-I- is not implemented.  (Use -iquote instead.)");
    if (state.file_names.size() != 1)
        return not_covered_quietly("Could not locate name of translation unit: " +
                                   python_list_repr(state.file_names) + ".");
    c.translation_unit = state.file_names[0];
    c.result_file_prefix = result_prefix(state, cwd, c.translation_unit);
    if (state.language == "none") {
        std::string_view language = language_for_extension(c.translation_unit);
        if (language.empty())
            return not_covered("For source file '" + c.translation_unit + "': unrecognized filename extension");
        state.language = std::string(language);
    }
    // Upstream asserts here (an internal error that stops the server); any other
    // -x value is simply not covered.
    if (state.language != "c" && state.language != "c++" && state.language != "objective-c" &&
        state.language != "objective-c++")
        return not_covered("Language '" + state.language + "' is not supported");
    c.language = state.language;
    c.sysroot = state.isysroot.empty() ? state.sysroot : state.isysroot;
    for (std::string& file : c.include_files) file = safe_norm_path(file);
    return std::move(state.command);
}

std::vector<std::string> angle_list(const ParsedCommand& command, const std::vector<std::string>& system_dirs) {
    std::vector<std::string> out;
    append_normalised(out, command.i_dirs);
    append_normalised(out, command.before_system_dirs);
    if (!command.nostdinc) append_normalised(out, system_dirs);
    append_normalised(out, command.after_system_dirs);
    return out;
}

std::vector<std::string> quote_list(const ParsedCommand& command, const std::vector<std::string>& system_dirs) {
    std::vector<std::string> out;
    append_normalised(out, command.quote_dirs);
    std::vector<std::string> angle = angle_list(command, system_dirs);
    out.insert(out.end(), angle.begin(), angle.end());
    return out;
}

std::string python_list_repr(const std::vector<std::string>& words) {
    std::string out = "[";
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += ", ";
        const std::string& w = words[i];
        char quote = (w.find('\'') != std::string::npos && w.find('"') == std::string::npos) ? '"' : '\'';
        out += quote;
        for (unsigned char ch : w) {
            if (ch == '\\' || ch == static_cast<unsigned char>(quote)) {
                out += '\\';
                out += static_cast<char>(ch);
            } else if (ch == '\n') {
                out += "\\n";
            } else if (ch == '\t') {
                out += "\\t";
            } else if (ch == '\r') {
                out += "\\r";
            } else if (ch < 0x20 || ch == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\x";
                out += hex[ch >> 4];
                out += hex[ch & 15];
            } else {
                out += static_cast<char>(ch);
            }
        }
        out += quote;
    }
    return out + "]";
}

}  // namespace dcc::include_server
