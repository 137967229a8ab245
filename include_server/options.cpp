// SPDX-License-Identifier: GPL-2.0-or-later
// include_server's option table and a getopt.getopt-compatible reader (long options
// by unique prefix, "--opt=value" or "--opt value", clustered short flags, stop at
// the first non-option word).
#include "include_server/options.hpp"

#include <span>
#include <string_view>

#include "common/strings.hpp"

namespace dcc::include_server {
namespace {

enum class Opt {
    port, pid_file, debug_pattern, email, no_email, email_bound, exact_analysis, path_observation_re,
    stat_reset_triggers, simple_algorithm, statistics, time, unsafe_absolute_includes,
    unsafe_no_unexpanded_functions, no_force_dirs, verify, write_include_closure, threads,
};

struct OptionRow {
    std::string_view long_name;
    char short_name;  // 0: none
    bool takes_value;
    Opt opt;
};

constexpr OptionRow k_options[] = {
    {"port", 0, true, Opt::port},
    {"pid_file", 0, true, Opt::pid_file},
    {"debug_pattern", 'd', true, Opt::debug_pattern},
    {"email", 'e', false, Opt::email},
    {"no-email", 0, false, Opt::no_email},
    {"email_bound", 0, true, Opt::email_bound},
    {"exact_analysis", 'x', false, Opt::exact_analysis},
    {"path_observation_re", 0, true, Opt::path_observation_re},
    {"stat_reset_triggers", 0, true, Opt::stat_reset_triggers},
    {"simple_algorithm", 0, false, Opt::simple_algorithm},
    {"statistics", 's', false, Opt::statistics},
    {"time", 't', false, Opt::time},
    {"unsafe_absolute_includes", 0, false, Opt::unsafe_absolute_includes},
    {"unsafe_no_unexpanded_functions", 0, false, Opt::unsafe_no_unexpanded_functions},
    {"no_force_dirs", 0, false, Opt::no_force_dirs},
    {"verify", 'v', false, Opt::verify},
    {"write_include_closure", 'w', false, Opt::write_include_closure},
    {"threads", 0, true, Opt::threads},
};

// A long option named exactly, or by a prefix that only one option has.
const OptionRow* find_long(std::string_view name) {
    const OptionRow* candidate = nullptr;
    int matches = 0;
    for (const OptionRow& row : k_options) {
        if (row.long_name == name) return &row;
        if (row.long_name.starts_with(name)) {
            candidate = &row;
            ++matches;
        }
    }
    return matches == 1 ? candidate : nullptr;
}

const OptionRow* find_short(char letter) {
    for (const OptionRow& row : k_options)
        if (row.short_name == letter) return &row;
    return nullptr;
}

// Python's int(): blanks around, an optional sign, decimal digits.
std::optional<int> parse_int(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    auto value = strings::parse_int(text);
    if (!value || *value < -(1ll << 31) || *value >= (1ll << 31)) return std::nullopt;
    return static_cast<int>(*value);
}

// Apply one option; false when its value is not acceptable.
bool apply(OptionsOutcome& out, Opt opt, const std::string& value) {
    Options& o = out.options;
    switch (opt) {
    case Opt::port: o.port = value; return true;
    case Opt::pid_file: o.pid_file = value; return true;
    case Opt::debug_pattern: {
        auto n = parse_int(value);
        if (n) o.debug_pattern = *n;
        return n.has_value();
    }
    case Opt::email: o.email = true; return true;
    case Opt::no_email: o.email = false; return true;
    case Opt::email_bound: {
        auto n = parse_int(value);
        if (n) o.email_bound = *n;
        return n.has_value();
    }
    case Opt::exact_analysis: o.exact_analysis = true; return true;
    case Opt::path_observation_re:
        o.has_path_observation_re = true;
        o.path_observation_re = value;
        return true;
    case Opt::stat_reset_triggers: o.stat_reset_triggers = strings::split_any(value, ":"); return true;
    case Opt::simple_algorithm: out.action = OptionsOutcome::Action::not_implemented; return true;
    case Opt::statistics: o.statistics = true; return true;
    case Opt::time: o.print_times = true; return true;
    case Opt::unsafe_absolute_includes: o.unsafe_absolute_includes = true; return true;
    case Opt::unsafe_no_unexpanded_functions: o.unsafe_no_unexpanded_functions = true; return true;
    case Opt::no_force_dirs: o.no_force_dirs = true; return true;
    case Opt::verify: o.verify = true; return true;
    case Opt::write_include_closure: o.write_include_closure = true; return true;
    case Opt::threads: {
        auto n = parse_int(value);
        if (!n || *n < 0 || *n > 1024) return false;
        o.threads = *n;
        return true;
    }
    }
    return false;
}

// A "--name[=value]" word; `i` moves past a separate value.
bool read_long(OptionsOutcome& out, std::span<const std::string> args, std::size_t& i) {
    std::string_view word = std::string_view(args[i]).substr(2);
    std::size_t eq = word.find('=');
    const OptionRow* row = find_long(word.substr(0, eq));
    if (!row) return false;
    std::string value;
    if (eq != std::string_view::npos) {
        if (!row->takes_value) return false;
        value = std::string(word.substr(eq + 1));
    } else if (row->takes_value) {
        if (i + 1 >= args.size()) return false;
        value = args[++i];
    }
    return apply(out, row->opt, value);
}

// A "-abc" cluster of short options; the first that takes a value eats the rest.
bool read_short(OptionsOutcome& out, std::span<const std::string> args, std::size_t& i) {
    std::string_view word = std::string_view(args[i]).substr(1);
    for (std::size_t k = 0; k < word.size(); ++k) {
        const OptionRow* row = find_short(word[k]);
        if (!row) return false;
        if (!row->takes_value) {
            if (!apply(out, row->opt, "")) return false;
            continue;
        }
        std::string value(word.substr(k + 1));
        if (value.empty()) {
            if (i + 1 >= args.size()) return false;
            value = args[++i];
        }
        return apply(out, row->opt, value);
    }
    return true;
}

}  // namespace

OptionsOutcome parse_options(const std::vector<std::string>& args) {
    OptionsOutcome out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "--") break;
        if (word.size() < 2 || word[0] != '-') break;  // getopt stops at the first operand
        bool ok = word[1] == '-' ? read_long(out, args, i) : read_short(out, args, i);
        if (!ok) {
            out.action = OptionsOutcome::Action::usage_error;
            return out;
        }
        if (out.action == OptionsOutcome::Action::not_implemented) return out;
    }
    if (out.options.port.empty()) out.action = OptionsOutcome::Action::no_port;
    return out;
}

const char* usage_text() {
    return "Usage:\n"
           "include_server --port INCLUDE_SERVER_PORT [OPTIONS]\n"
           "Starts the distcc-pump include server on the Unix socket INCLUDE_SERVER_PORT\n"
           "and returns once the socket accepts connections.  The server tells distcc\n"
           "clients which files a compilation needs and keeps compressed copies of them.\n"
           "\n"
           "OPTIONS:\n"
           " -dPAT, --debug_pattern=PAT  what to print on stderr, a sum of: 1 warnings,\n"
           "                             2 trace, 4 trace1, 8 trace2, 16 data (default 1)\n"
           " -e, --email                 e-mail failure reports (see --email_bound)\n"
           " --no-email                  do not e-mail (the default)\n"
           " --email_bound NUMBER        at most NUMBER e-mails, not counting a final one\n"
           "                             for a fatal error (default 3)\n"
           " --path_observation_re=RE    warn (with -d1) whenever an include resolves to a\n"
           "                             realpath matched by the regular expression RE\n"
           " --pid_file FILEPATH         write the server's process id to FILEPATH\n"
           " -s, --statistics            print analysis statistics after each request\n"
           " --stat_reset_triggers=LIST  colon-separated paths or globs; when one changes,\n"
           "                             appears or vanishes, all caches are dropped\n"
           " -t, --time                  print elapsed, user and system time at exit\n"
           " --unsafe_absolute_includes  ignore #include of absolute paths instead of\n"
           "                             letting the client preprocess locally\n"
           " --unsafe_no_unexpanded_functions\n"
           "                             do not consider a function-like macro in a\n"
           "                             computed include to stay unexpanded\n"
           " --no_force_dirs             send no placeholder files for directories\n"
           " -v, --verify                check each closure against the preprocessor's\n"
           " -w, --write_include_closure write <output>.d_approx (and with -v .d_exact)\n"
           " -x, --exact_analysis        accepted for compatibility; has no effect\n"
           " --threads N                 request workers (default: automatic)\n";
}

}  // namespace dcc::include_server
