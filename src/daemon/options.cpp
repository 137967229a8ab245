// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of options.hpp (upstream distccd_parse_options).  The table below
// is the only list of options: popt's table, the help text and the unit test are
// all built from it; apply_option() gives each option its meaning.
#include "daemon/options.hpp"

#include <popt.h>

#include <climits>
#include <memory>

#include "config.h"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

#ifdef DCC_HAVE_GSSAPI
constexpr bool k_have_gssapi = true;
#else
constexpr bool k_have_gssapi = false;
#endif
#ifdef DCC_HAVE_AVAHI
constexpr bool k_have_zeroconf = true;
#else
constexpr bool k_have_zeroconf = false;
#endif

using A = ArgKind;
using G = HelpGroup;
using F = Feature;

constexpr OptionSpec k_options[] = {
    {OptionId::help, "help", 0, A::none, G::options, F::always, nullptr, "explain usage and exit"},
    {OptionId::version, "version", 0, A::none, G::options, F::always, nullptr, "show version and exit"},
    {OptionId::show_principal, "show-principal", 0, A::none, G::options, F::gssapi, nullptr,
     "show current GSS-API principal and exit"},
    {OptionId::pid_file, "pid-file", 'P', A::text, G::options, F::always, "FILE", "save daemon process id to file"},
    {OptionId::nice, "nice", 'N', A::integer, G::options, F::always, "LEVEL", "lower priority, 20=most nice"},
    {OptionId::oom_score_adj, "oom-score-adj", 0, A::integer, G::options, F::always, "ADJ",
     "set the workers' OOM score adjustment (-1000..1000)"},
    {OptionId::user, "user", 0, A::text, G::options, F::always, "USER", "if run by root, change to this persona"},
    {OptionId::jobs, "jobs", 'j', A::integer, G::options, F::always, "LIMIT", "maximum tasks at any time"},
    {OptionId::job_lifetime, "job-lifetime", 0, A::integer, G::options, F::always, "SECONDS",
     "maximum lifetime of a compile request"},
    {OptionId::port, "port", 'p', A::integer, G::networking, F::always, "PORT", "TCP port to listen on"},
    {OptionId::listen, "listen", 0, A::text, G::networking, F::always, "ADDRESS", "IP address to listen on"},
    {OptionId::allow, "allow", 'a', A::text, G::networking, F::always, "IP[/BITS]", "client address access control"},
    {OptionId::allow_private, "allow-private", 0, A::none, G::hidden, F::always, nullptr,
     "allow private networks (the default without --allow)"},
    {OptionId::auth, "auth", 0, A::none, G::networking, F::gssapi, nullptr,
     "enable GSS-API based mutual authentication"},
    {OptionId::blacklist, "blacklist", 0, A::text, G::networking, F::gssapi, "FILE",
     "control client access through a blacklist"},
    {OptionId::whitelist, "whitelist", 0, A::text, G::networking, F::gssapi, "FILE",
     "control client access through a whitelist"},
    {OptionId::sysroot, "sysroot", 0, A::text, G::networking, F::always, "DIR",
     "directory that -specs= files must be in"},
    {OptionId::stats, "stats", 0, A::none, G::networking, F::always, nullptr,
     "enable statistics reporting via HTTP server"},
    {OptionId::stats_port, "stats-port", 0, A::integer, G::networking, F::always, "PORT",
     "TCP port to listen on for statistics requests"},
    {OptionId::zeroconf, "zeroconf", 0, A::none, G::networking, F::zeroconf, nullptr, "register via mDNS/DNS-SD"},
    {OptionId::log_level, "log-level", 0, A::text, G::debug, F::always, "LEVEL", "set detail level for log file"},
    {OptionId::verbose, "verbose", 0, A::none, G::debug, F::always, nullptr, "set log level to \"debug\""},
    {OptionId::no_detach, "no-detach", 0, A::none, G::debug, F::always, nullptr,
     "don't detach from parent (for daemontools, etc)"},
    {OptionId::log_file, "log-file", 0, A::text, G::debug, F::always, "FILE", "send messages here instead of syslog"},
    {OptionId::log_stderr, "log-stderr", 0, A::none, G::debug, F::always, nullptr, "send messages to stderr"},
    {OptionId::wizard, "wizard", 'W', A::none, G::debug, F::always, nullptr, "for running under gdb"},
    {OptionId::inetd, "inetd", 0, A::none, G::mode, F::always, nullptr, "serve client connected to stdin"},
    {OptionId::daemon, "daemon", 0, A::none, G::mode, F::always, nullptr, "bind and listen on socket"},
    {OptionId::no_fork, "no-fork", 0, A::none, G::hidden, F::always, nullptr, "serve connections one by one"},
    {OptionId::no_fifo, "no-fifo", 0, A::none, G::hidden, F::always, nullptr, "ignored (historic)"},
    {OptionId::lifetime, "lifetime", 0, A::integer, G::hidden, F::always, "SECONDS", "exit after this long"},
    {OptionId::enable_tcp_insecure, "enable-tcp-insecure", 0, A::none, G::hidden, F::always, nullptr,
     "run any compiler (no whitelist)"},
    {OptionId::make_me_a_botnet, "make-me-a-botnet", 0, A::none, G::hidden, F::always, nullptr,
     "alias of --enable-tcp-insecure"},
    {OptionId::max_argc, "max-argc", 0, A::integer, G::limits, F::always, "N", "most arguments in one request"},
    {OptionId::max_arg_length, "max-arg-length", 0, A::integer, G::limits, F::always, "BYTES",
     "longest single argument"},
    {OptionId::max_argv_total, "max-argv-total", 0, A::integer, G::limits, F::always, "BYTES",
     "all arguments together"},
    {OptionId::max_path_length, "max-path-length", 0, A::integer, G::limits, F::always, "BYTES",
     "longest directory or file name"},
    {OptionId::max_item_size, "max-item-size", 0, A::integer, G::limits, F::always, "BYTES",
     "largest source or file item, compressed or not"},
    {OptionId::max_files, "max-files", 0, A::integer, G::limits, F::always, "N", "most files in one pump request"},
    {OptionId::max_files_total, "max-files-total", 0, A::integer, G::limits, F::always, "BYTES",
     "all files of one pump request together"},
};

bool feature_enabled(Feature feature) {
    switch (feature) {
    case Feature::always: return true;
    case Feature::gssapi: return k_have_gssapi;
    case Feature::zeroconf: return k_have_zeroconf;
    }
    return false;
}

Error bad(std::string message) { return make_error(ExitCode::bad_arguments, std::move(message)); }

Result<long long> integer_value(const OptionSpec& spec, const char* text, long long min, long long max,
                                const char* range_message) {
    auto value = strings::parse_int(text ? text : "");
    if (!value) return bad(strings::format("%s: invalid numeric value for --%s", text ? text : "", spec.long_name));
    if (*value < min || *value > max) return bad(strings::format("%s", range_message));
    return *value;
}

Status set_limit(std::size_t& field, const OptionSpec& spec, const char* text) {
    auto value = integer_value(spec, text, 1, LLONG_MAX, "");
    if (!value) return bad(strings::format("--%s must be a positive number", spec.long_name));
    field = static_cast<std::size_t>(*value);
    return {};
}

Status set_limit(uint32_t& field, const OptionSpec& spec, const char* text) {
    auto value = integer_value(spec, text, 1, UINT32_MAX, "");
    if (!value) return bad(strings::format("--%s must be a number from 1 to %u", spec.long_name, UINT32_MAX));
    field = static_cast<uint32_t>(*value);
    return {};
}

Status apply_port(int& field, const OptionSpec& spec, const char* text) {
    auto value = integer_value(spec, text, 1, 65535, strings::format("port number out of range: %s", text).c_str());
    if (!value) return std::move(value).error();
    field = static_cast<int>(*value);
    return {};
}

Status apply_log_level(Options& o, const char* text) {
    if (!log::parse_level(text, o.log_level))
        o.warnings.push_back(strings::format("invalid --log-level argument \"%s\"", text));
    return {};
}

// The meaning of each option.  Cases only store values; checks that involve several
// options (e.g. --blacklist with --whitelist) run after the loop.
Status apply_option(const OptionSpec& spec, const char* text, CommandLine& cl) {
    Options& o = cl.options;
    switch (spec.id) {
    case OptionId::help: cl.action = Action::help; return {};
    case OptionId::version: cl.action = Action::version; return {};
    case OptionId::show_principal: cl.action = Action::show_principal; return {};
    case OptionId::pid_file: o.pid_file = text; return {};
    case OptionId::nice: {
        auto v = integer_value(spec, text, INT_MIN, INT_MAX, "--nice argument out of range");
        if (!v) return std::move(v).error();
        o.nice = static_cast<int>(*v);
        return {};
    }
    case OptionId::oom_score_adj: {
        auto v = integer_value(spec, text, -1000, 1000, "--oom-score-adj argument must be between -1000 and 1000");
        if (!v) return std::move(v).error();
        o.oom_score_adj = static_cast<int>(*v);
        return {};
    }
    case OptionId::user: o.user = text; return {};
    case OptionId::jobs: {
        auto v = integer_value(spec, text, 1, 4096, "--jobs argument must be between 1 and 4096");
        if (!v) return std::move(v).error();
        o.jobs = static_cast<int>(*v);
        return {};
    }
    case OptionId::job_lifetime: {
        auto v = integer_value(spec, text, INT_MIN, INT_MAX, "--job-lifetime argument out of range");
        if (!v) return std::move(v).error();
        o.job_lifetime_sec = *v > 0 ? static_cast<int>(*v) : 0;
        return {};
    }
    case OptionId::port: return apply_port(o.port, spec, text);
    case OptionId::stats_port: return apply_port(o.stats_port, spec, text);
    case OptionId::listen: o.listen_address = text; return {};
    case OptionId::allow: {
        auto entry = parse_allow_entry(text);
        if (!entry) return std::move(entry).error();
        o.allow.push_back(std::move(*entry));
        return {};
    }
    case OptionId::allow_private: o.allow_private = true; return {};
    case OptionId::auth: o.auth = true; return {};
    case OptionId::blacklist: o.blacklist_file = text; return {};
    case OptionId::whitelist: o.whitelist_file = text; return {};
    case OptionId::sysroot: o.sysroot = text; return {};
    case OptionId::stats: o.stats = true; return {};
    case OptionId::zeroconf: o.zeroconf = true; return {};
    case OptionId::log_level: return apply_log_level(o, text);
    case OptionId::verbose: o.log_level = log::Level::debug; return {};
    case OptionId::no_detach: o.no_detach = true; return {};
    case OptionId::log_file: o.log_file = text; return {};
    case OptionId::log_stderr: o.log_stderr = true; return {};
    case OptionId::wizard:
        o.mode = Mode::daemon;
        o.no_detach = o.no_fork = o.log_stderr = true;
        o.log_level = log::Level::debug;
        return {};
    case OptionId::inetd: o.mode = Mode::inetd; return {};
    case OptionId::daemon: o.mode = Mode::daemon; return {};
    case OptionId::no_fork: o.no_fork = true; return {};
    case OptionId::no_fifo: return {};
    case OptionId::lifetime: {
        auto v = integer_value(spec, text, 0, INT_MAX, "--lifetime argument must not be negative");
        if (!v) return std::move(v).error();
        o.lifetime_sec = static_cast<int>(*v);
        return {};
    }
    case OptionId::enable_tcp_insecure:
    case OptionId::make_me_a_botnet: o.enable_tcp_insecure = true; return {};
    case OptionId::max_argc: return set_limit(o.limits.max_argc, spec, text);
    case OptionId::max_arg_length: return set_limit(o.limits.max_arg_length, spec, text);
    case OptionId::max_argv_total: return set_limit(o.limits.max_argv_total, spec, text);
    case OptionId::max_path_length: return set_limit(o.limits.max_path_length, spec, text);
    case OptionId::max_item_size: return set_limit(o.limits.max_item_size, spec, text);
    case OptionId::max_files: return set_limit(o.limits.max_files, spec, text);
    case OptionId::max_files_total: return set_limit(o.limits.max_files_total, spec, text);
    }
    return bad("unhandled option");
}

// Owns popt's table (built from k_options) and context.
class PoptParser {
public:
    PoptParser(int argc, const char* const* argv) {
        for (std::size_t i = 0; i < std::size(k_options); ++i) {
            const OptionSpec& spec = k_options[i];
            if (!feature_enabled(spec.feature)) continue;
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
            const char* value = poptGetOptArg(m_context);
            std::unique_ptr<char, decltype(&free)> owned(const_cast<char*>(value), &free);
            DCC_TRY(apply_option(spec, value, cl));
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
        return bad("Can't specify both --whitelist and --blacklist.");
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
            if (spec.group != g.group || !feature_enabled(spec.feature)) continue;
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
