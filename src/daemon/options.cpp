// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of options.hpp (upstream distccd_parse_options).  The table below
// is the only list of options: popt's table, the help text and the unit test are
// all built from it, and each row names the small function that gives the option
// its meaning.
#include "daemon/options.hpp"

#include <popt.h>

#include <climits>
#include <memory>

#include "auth/auth.hpp"
#include "common/strings.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::daemon {
namespace {

Error bad(std::string message) { return make_error(ExitCode::bad_arguments, std::move(message)); }

Result<long long> number(const OptionSpec& spec, const char* text, long long min, long long max,
                         const std::string& range_message) {
    auto value = strings::parse_int(text ? text : "");
    if (!value) return bad(strings::format("%s: invalid numeric value for --%s", text ? text : "", spec.long_name));
    if (*value < min || *value > max) return bad(range_message);
    return *value;
}

// --- the handlers, from generic to specific --------------------------------------

template <Action A>
Status set_action(const OptionSpec&, const char*, CommandLine& cl) {
    cl.action = A;
    return {};
}

template <bool Options::*Flag>
Status set_flag(const OptionSpec&, const char*, CommandLine& cl) {
    cl.options.*Flag = true;
    return {};
}

template <std::string Options::*Field>
Status set_text(const OptionSpec&, const char* text, CommandLine& cl) {
    cl.options.*Field = text;
    return {};
}

template <Mode M>
Status set_mode(const OptionSpec&, const char*, CommandLine& cl) {
    cl.options.mode = M;
    return {};
}

template <int Options::*Port>
Status set_port(const OptionSpec& spec, const char* text, CommandLine& cl) {
    auto v = number(spec, text, 1, 65535, strings::format("port number out of range: %s", text));
    if (!v) return std::move(v).error();
    cl.options.*Port = static_cast<int>(*v);
    return {};
}

template <typename T, T proto::Limits::*Field>
Status set_limit(const OptionSpec& spec, const char* text, CommandLine& cl) {
    constexpr long long max = sizeof(T) < sizeof(long long) ? static_cast<long long>(UINT32_MAX) : LLONG_MAX;
    auto v = number(spec, text, 1, max, strings::format("--%s must be a number from 1 to %lld", spec.long_name, max));
    if (!v) return std::move(v).error();
    cl.options.limits.*Field = static_cast<T>(*v);
    return {};
}

Status ignore(const OptionSpec&, const char*, CommandLine&) { return {}; }

// The message an integer option gives when its value is outside [Min, Max]; the
// words are upstream's, which scripts and tests match.
std::string range_message(const OptionSpec& spec, long long min, long long max) {
    if (min == INT_MIN && max == INT_MAX) return strings::format("--%s argument out of range", spec.long_name);
    if (min == 0 && max == INT_MAX) return strings::format("--%s argument must not be negative", spec.long_name);
    return strings::format("--%s argument must be between %lld and %lld", spec.long_name, min, max);
}

Result<int> integer_in(const OptionSpec& spec, const char* text, long long min, long long max) {
    auto v = number(spec, text, min, max, range_message(spec, min, max));
    if (!v) return std::move(v).error();
    return static_cast<int>(*v);
}

// Every plain integer option (--nice, --jobs, --lifetime, ...): Field is an int or
// std::optional<int> member of Options.
template <auto Field, long long Min, long long Max>
Status set_int(const OptionSpec& spec, const char* text, CommandLine& cl) {
    static_assert(Min >= INT_MIN && Max <= INT_MAX);
    auto v = integer_in(spec, text, Min, Max);
    if (!v) return std::move(v).error();
    cl.options.*Field = *v;
    return {};
}

template <std::optional<std::string> Options::*Field>
Status set_optional_text(const OptionSpec&, const char* text, CommandLine& cl) {
    cl.options.*Field = text;
    return {};
}

// Negative means off, as upstream.
Status set_job_lifetime(const OptionSpec& spec, const char* text, CommandLine& cl) {
    auto v = integer_in(spec, text, INT_MIN, INT_MAX);
    if (!v) return std::move(v).error();
    cl.options.job_lifetime_sec = *v > 0 ? *v : 0;
    return {};
}

Status add_allow(const OptionSpec&, const char* text, CommandLine& cl) {
    auto entry = parse_allow_entry(text);
    if (!entry) return std::move(entry).error();
    cl.options.allow.push_back(std::move(*entry));
    return {};
}

// An unknown level is a warning, not an error (upstream).
Status set_log_level(const OptionSpec&, const char* text, CommandLine& cl) {
    if (!log::parse_level(text, cl.options.log_level))
        cl.options.warnings.push_back(strings::format("invalid --log-level argument \"%s\"", text));
    return {};
}

Status set_verbose(const OptionSpec&, const char*, CommandLine& cl) {
    cl.options.log_level = log::Level::debug;
    return {};
}

Status set_wizard(const OptionSpec&, const char*, CommandLine& cl) {
    Options& o = cl.options;
    o.mode = Mode::daemon;
    o.no_detach = o.no_fork = o.log_stderr = true;
    o.log_level = log::Level::debug;
    return {};
}

Status set_sandbox(const OptionSpec&, const char* text, CommandLine& cl) {
    auto mode = parse_sandbox_mode(text ? text : "");
    if (!mode) return bad(strings::format("--sandbox must be auto, required or off, not \"%s\"", text ? text : ""));
    cl.options.sandbox = *mode;
    return {};
}

using A = ArgKind;
using G = HelpGroup;
using F = Feature;
using L = proto::Limits;

constexpr OptionSpec k_options[] = {
    {OptionId::help, "help", 0, A::none, G::options, F::always, nullptr, "explain usage and exit",
     set_action<Action::help>},
    {OptionId::version, "version", 0, A::none, G::options, F::always, nullptr, "show version and exit",
     set_action<Action::version>},
    {OptionId::show_principal, "show-principal", 0, A::none, G::options, F::gssapi, nullptr,
     "show current GSS-API principal and exit", set_action<Action::show_principal>},
    {OptionId::pid_file, "pid-file", 'P', A::text, G::options, F::always, "FILE", "save daemon process id to file",
     set_text<&Options::pid_file>},
    {OptionId::nice, "nice", 'N', A::integer, G::options, F::always, "LEVEL", "lower priority, 20=most nice",
     set_int<&Options::nice, INT_MIN, INT_MAX>},
    {OptionId::oom_score_adj, "oom-score-adj", 0, A::integer, G::options, F::always, "ADJ",
     "set the workers' OOM score adjustment (-1000..1000)",
     set_int<&Options::oom_score_adj, -1000, 1000>},
    {OptionId::user, "user", 0, A::text, G::options, F::always, "USER", "if run by root, change to this persona",
     set_optional_text<&Options::user>},
    {OptionId::jobs, "jobs", 'j', A::integer, G::options, F::always, "LIMIT", "maximum tasks at any time",
     set_int<&Options::jobs, 1, 4096>},
    {OptionId::job_lifetime, "job-lifetime", 0, A::integer, G::options, F::always, "SECONDS",
     "maximum lifetime of a compile request", set_job_lifetime},
    {OptionId::port, "port", 'p', A::integer, G::networking, F::always, "PORT", "TCP port to listen on",
     set_port<&Options::port>},
    {OptionId::listen, "listen", 0, A::text, G::networking, F::always, "ADDRESS", "IP address to listen on",
     set_text<&Options::listen_address>},
    {OptionId::allow, "allow", 'a', A::text, G::networking, F::always, "IP[/BITS]", "client address access control",
     add_allow},
    {OptionId::allow_private, "allow-private", 0, A::none, G::hidden, F::always, nullptr,
     "allow private networks (the default without --allow)", set_flag<&Options::allow_private>},
    {OptionId::auth, "auth", 0, A::none, G::networking, F::gssapi, nullptr,
     "enable GSS-API based mutual authentication", set_flag<&Options::auth>},
    {OptionId::blacklist, "blacklist", 0, A::text, G::networking, F::gssapi, "FILE",
     "control client access through a blacklist", set_text<&Options::blacklist_file>},
    {OptionId::whitelist, "whitelist", 0, A::text, G::networking, F::gssapi, "FILE",
     "control client access through a whitelist", set_text<&Options::whitelist_file>},
    {OptionId::sysroot, "sysroot", 0, A::text, G::networking, F::always, "DIR",
     "directory that -specs= files must be in", set_text<&Options::sysroot>},
    {OptionId::stats, "stats", 0, A::none, G::networking, F::always, nullptr,
     "enable statistics reporting via HTTP server", set_flag<&Options::stats>},
    {OptionId::stats_port, "stats-port", 0, A::integer, G::networking, F::always, "PORT",
     "TCP port to listen on for statistics requests", set_port<&Options::stats_port>},
    {OptionId::zeroconf, "zeroconf", 0, A::none, G::networking, F::zeroconf, nullptr, "register via mDNS/DNS-SD",
     set_flag<&Options::zeroconf>},
    {OptionId::log_level, "log-level", 0, A::text, G::debug, F::always, "LEVEL", "set detail level for log file",
     set_log_level},
    {OptionId::verbose, "verbose", 0, A::none, G::debug, F::always, nullptr, "set log level to \"debug\"",
     set_verbose},
    {OptionId::no_detach, "no-detach", 0, A::none, G::debug, F::always, nullptr,
     "don't detach from parent (for daemontools, etc)", set_flag<&Options::no_detach>},
    {OptionId::log_file, "log-file", 0, A::text, G::debug, F::always, "FILE", "send messages here instead of syslog",
     set_text<&Options::log_file>},
    {OptionId::log_stderr, "log-stderr", 0, A::none, G::debug, F::always, nullptr, "send messages to stderr",
     set_flag<&Options::log_stderr>},
    {OptionId::wizard, "wizard", 'W', A::none, G::debug, F::always, nullptr, "for running under gdb", set_wizard},
    {OptionId::inetd, "inetd", 0, A::none, G::mode, F::always, nullptr, "serve client connected to stdin",
     set_mode<Mode::inetd>},
    {OptionId::daemon, "daemon", 0, A::none, G::mode, F::always, nullptr, "bind and listen on socket",
     set_mode<Mode::daemon>},
    {OptionId::no_fork, "no-fork", 0, A::none, G::hidden, F::always, nullptr, "serve connections one by one",
     set_flag<&Options::no_fork>},
    {OptionId::no_fifo, "no-fifo", 0, A::none, G::hidden, F::always, nullptr, "ignored (historic)", ignore},
    {OptionId::lifetime, "lifetime", 0, A::integer, G::hidden, F::always, "SECONDS", "exit after this long",
     set_int<&Options::lifetime_sec, 0, INT_MAX>},
    {OptionId::enable_tcp_insecure, "enable-tcp-insecure", 0, A::none, G::hidden, F::always, nullptr,
     "run any compiler (no whitelist)", set_flag<&Options::enable_tcp_insecure>},
    {OptionId::make_me_a_botnet, "make-me-a-botnet", 0, A::none, G::hidden, F::always, nullptr,
     "alias of --enable-tcp-insecure", set_flag<&Options::enable_tcp_insecure>},
    {OptionId::max_argc, "max-argc", 0, A::integer, G::limits, F::always, "N", "most arguments in one request",
     set_limit<uint32_t, &L::max_argc>},
    {OptionId::max_arg_length, "max-arg-length", 0, A::integer, G::limits, F::always, "BYTES",
     "longest single argument", set_limit<std::size_t, &L::max_arg_length>},
    {OptionId::max_argv_total, "max-argv-total", 0, A::integer, G::limits, F::always, "BYTES",
     "all arguments together", set_limit<std::size_t, &L::max_argv_total>},
    {OptionId::max_path_length, "max-path-length", 0, A::integer, G::limits, F::always, "BYTES",
     "longest directory or file name", set_limit<std::size_t, &L::max_path_length>},
    {OptionId::max_item_size, "max-item-size", 0, A::integer, G::limits, F::always, "BYTES",
     "largest source or file item, compressed or not", set_limit<std::size_t, &L::max_item_size>},
    {OptionId::max_files, "max-files", 0, A::integer, G::limits, F::always, "N", "most files in one pump request",
     set_limit<uint32_t, &L::max_files>},
    {OptionId::max_files_total, "max-files-total", 0, A::integer, G::limits, F::always, "BYTES",
     "all files of one pump request together", set_limit<std::size_t, &L::max_files_total>},
    {OptionId::sandbox, "sandbox", 0, A::text, G::options, F::always, "MODE",
     "confine compilers: auto, required or off", set_sandbox},
    {OptionId::pump_tmpdir, "pump-tmpdir", 0, A::text, G::options, F::always, "DIR",
     "build unconfined pump jobs' files here (default /dev/shm)", set_optional_text<&Options::pump_tmpdir>},
    {OptionId::request_timeout, "request-timeout", 0, A::integer, G::limits, F::always, "SECONDS",
     "time to send a whole request (default 300)", set_int<&Options::request_timeout_sec, 1, 86400>},
    {OptionId::min_rate, "min-rate", 0, A::integer, G::limits, F::always, "BYTES",
     "slowest bytes/s inside a packet (default 1024; 0: off)", set_int<&Options::min_rate, 0, INT_MAX>},
    {OptionId::max_pending, "max-pending", 0, A::integer, G::limits, F::always, "N",
     "connections received at once (default 4000)", set_int<&Options::max_pending, 1, 1000000>},
};

bool feature_built(Feature feature) {
    switch (feature) {
    case Feature::always: return true;
    case Feature::gssapi: return auth::available();
    case Feature::zeroconf: return zeroconf::available();
    }
    return false;
}

// Owns popt's table (built from k_options) and context.
class PoptParser {
public:
    PoptParser(int argc, const char* const* argv) {
        for (std::size_t i = 0; i < std::size(k_options); ++i) {
            const OptionSpec& spec = k_options[i];
            m_table.push_back({spec.long_name, spec.short_name, spec.arg == ArgKind::none ? POPT_ARG_NONE : POPT_ARG_STRING,
                               nullptr, static_cast<int>(i) + 1, spec.help, spec.arg_name});
        }
        m_table.push_back(POPT_TABLEEND);
        m_context = poptGetContext("distccd", argc, const_cast<const char**>(argv), m_table.data(), 0);
    }
    ~PoptParser() { poptFreeContext(m_context); }
    PoptParser(const PoptParser&) = delete;
    PoptParser& operator=(const PoptParser&) = delete;

    Status run(CommandLine& cl) {
        int rc;
        while ((rc = poptGetNextOpt(m_context)) > 0) {
            const OptionSpec& spec = k_options[rc - 1];
            std::unique_ptr<char, decltype(&free)> value(poptGetOptArg(m_context), &free);
            DCC_TRY(spec.apply(spec, value.get(), cl));
        }
        if (rc != -1)
            return bad(strings::format("%s: %s", poptBadOption(m_context, POPT_BADOPTION_NOALIAS), poptStrerror(rc)));
        return {};
    }

private:
    std::vector<poptOption> m_table;
    poptContext m_context = nullptr;
};

}  // namespace

std::span<const OptionSpec> option_table() { return k_options; }

Result<CommandLine> parse_command_line(int argc, const char* const* argv) {
    CommandLine cl;
    PoptParser parser(argc, argv);
    DCC_TRY(parser.run(cl));
    if (!cl.options.blacklist_file.empty() && !cl.options.whitelist_file.empty())
        return bad("Can't specify both --blacklist and --whitelist.");
    return cl;
}

std::string usage_text() {
    struct Group { HelpGroup group; const char* heading; };
    static const Group groups[] = {{HelpGroup::options, "Options:\n"},
                                   {HelpGroup::networking, "  Networking:\n"},
                                   {HelpGroup::debug, "  Debug and trace:\n"},
                                   {HelpGroup::mode, "  Mode of operation:\n"},
                                   {HelpGroup::limits, "  Request limits (hostile clients):\n"}};
    std::string text = "Usage:\n   distccd [OPTIONS]\n\n";
    for (const Group& g : groups) {
        text += g.heading;
        for (const OptionSpec& spec : k_options) {
            if (spec.group != g.group || !feature_built(spec.feature)) continue;
            std::string left = spec.short_name ? strings::format("-%c, --%s", spec.short_name, spec.long_name)
                                               : strings::format("--%s", spec.long_name);
            if (spec.arg_name) left += strings::format(" %s", spec.arg_name);
            text += strings::format("    %-26s %s\n", left.c_str(), spec.help);
            if (spec.id == OptionId::log_level)
                text += "      levels: critical, error, warning, notice, info, debug\n";
        }
    }
    text += "\ndistccd runs either from inetd or as a standalone daemon to compile\n"
            "files submitted by the distcc client.\n\n"
            "distccd should only run on trusted networks.\n";
    return text;
}

}  // namespace dcc::daemon
