// SPDX-License-Identifier: GPL-2.0-or-later
// The environment table and the Snapshot type.  A unit test checks that the table
// is in enum order and that names are unique.
#include "common/environment.hpp"

#include <cstdlib>

namespace dcc::env {
namespace {

using enum Var;
using enum Kind;

constexpr User C = User::client;
constexpr User D = User::daemon;
constexpr User B = User::both;
constexpr User P = User::pump;

constexpr VarInfo k_table[] = {
    {distcc_hosts, "DISTCC_HOSTS", string, C, "", "host list; if set (even empty) it wins over the host files"},
    {distcc_dir, "DISTCC_DIR", string, C, "$HOME/.distcc", "base of hosts, lock/, state/, zeroconf/"},
    {home, "HOME", string, C, "", "used for ~/.distcc when DISTCC_DIR is unset"},
    {distcc_verbose, "DISTCC_VERBOSE", boolean, B, "0", "1 = debug logging"},
    {distcc_log, "DISTCC_LOG", string, C, "", "log file instead of stderr (info level)"},
    {distcc_journal, "DISTCC_JOURNAL", string, C, "", "append one JSON line per job to this file (doc/client.md §19)"},
    {uncached_err_fd, "UNCACHED_ERR_FD", integer, C, "", "fd for log output when DISTCC_LOG is unset (ccache)"},
    {distcc_fallback, "DISTCC_FALLBACK", boolean, C, "1", "0 = never compile locally after a distribution failure"},
    {distcc_skip_local_retry, "DISTCC_SKIP_LOCAL_RETRY", presence, C, "", "do not recompile locally after a remote compile error"},
    {distcc_preprocess, "DISTCC_PREPROCESS", string, C, "auto", "plain mode: faithful, full or auto (doc/client.md §9.1)"},
    {distcc_backoff_period, "DISTCC_BACKOFF_PERIOD", integer, C, "60", "seconds a failed host is avoided; 0 disables backoff"},
    {distcc_io_timeout, "DISTCC_IO_TIMEOUT", integer, B, "300", "seconds of network inactivity tolerated; must be > 0"},
    {distcc_pause_time_msec, "DISTCC_PAUSE_TIME_MSEC", integer, C, "1000", "sleep when all slots are busy"},
    {distcc_load_aware, "DISTCC_LOAD_AWARE", boolean, C, "1", "0 = pick hosts in list order as distcc 3.4 does"},
    {distcc_load_port, "DISTCC_LOAD_PORT", integer, C, "3633", "statistics port asked for `GET /load`; 0 = never ask"},
    {distcc_save_temps, "DISTCC_SAVE_TEMPS", boolean, B, "0", "1 = keep temp files"},
    {distcc_tcp_cork, "DISTCC_TCP_CORK", boolean, B, "1", "0 = do not use TCP_CORK"},
    {distcc_ssh, "DISTCC_SSH", string, C, "ssh", "tunnel command, split on spaces (at most 12 extra words)"},
    {distcc_no_rewrite_cross, "DISTCC_NO_REWRITE_CROSS", presence, C, "", "no compiler-name rewriting"},
    {distcc_max_discrepancy, "DISTCC_MAX_DISCREPANCY", integer, C, "1", "pump failures tolerated before demotion; <= 0 is an error"},
    {distcc_enable_discrepancy_email, "DISTCC_ENABLE_DISCREPANCY_EMAIL", boolean, C, "0", "1 = e-mail on discrepancy"},
    {distcc_emaillog_whom_to_blame, "DISTCC_EMAILLOG_WHOM_TO_BLAME", string, B, "distcc-pump-errors", "discrepancy e-mail recipient"},
    {distcc_exclude_fresh_files, "DISTCC_EXCLUDE_FRESH_FILES", string, C, "", "glob of files ignored by the freshness check"},
    {distcc_principal, "DISTCC_PRINCIPAL", string, C, "", "GSS-API service principal prefix"},
    {include_server_port, "INCLUDE_SERVER_PORT", string, B, "", "include server socket (set by pump)"},
    {include_server_stub, "INCLUDE_SERVER_STUB", string, C, "", "testing: fixed include-server answer"},
    {distcc_testing_include_server, "DISTCC_TESTING_INCLUDE_SERVER", boolean, C, "0", "1 = include-server failure is fatal"},
    {dependencies_output, "DEPENDENCIES_OUTPUT", string, C, "", "FILE [TARGET], gcc's environment form of -MD"},
    {sunpro_dependencies, "SUNPRO_DEPENDENCIES", string, C, "", "FILE [TARGET], like DEPENDENCIES_OUTPUT with system headers"},
    {cpath, "CPATH", path_list, C, "", "any of the three include-path variables set: no pump for the job"},
    {c_include_path, "C_INCLUDE_PATH", path_list, C, "", "see CPATH"},
    {cplus_include_path, "CPLUS_INCLUDE_PATH", path_list, C, "", "see CPATH"},
    {tmpdir, "TMPDIR", string, B, "/tmp", "temp files; must be writable and searchable"},
    {path, "PATH", path_list, B, "", "compiler lookup, masquerade trimming"},
    {distcc_safeguard, "_DISTCC_SAFEGUARD", integer, B, "", "internal recursion level"},
    {host, "HOST", string, C, "", "FQDN hint (lsdistcc -d)"},
    {hostname, "HOSTNAME", string, C, "", "FQDN hint (lsdistcc -d)"},
    {pwd, "PWD", string, C, "", "the working directory's name, as gcc uses it, for side-file jobs"},
    {distccd_path, "DISTCCD_PATH", path_list, D, "", "replaces PATH for compiler lookup"},
    {distcc_cmdlist, "DISTCC_CMDLIST", string, D, "", "command list file; also disables the masquerade whitelist"},
    {distcc_cmdlist_numwords, "DISTCC_CMDLIST_NUMWORDS", integer, D, "1", "trailing path components to match"},
    {distcc_tcp_defer_accept, "DISTCC_TCP_DEFER_ACCEPT", boolean, D, "1", "0 disables TCP_DEFER_ACCEPT"},
    {distccd_principal, "DISTCCD_PRINCIPAL", string, D, "", "GSS-API acceptor principal (required with --auth)"},
    {listen_pid, "LISTEN_PID", integer, D, "", "socket activation: the process the passed sockets are for"},
    {listen_fds, "LISTEN_FDS", integer, D, "", "socket activation: number of sockets passed from fd 3 on"},
    {listen_fdnames, "LISTEN_FDNAMES", string, D, "", "socket activation: their names, ':'-separated (\"stats\")"},
    {distcc_client_tmp, "DISTCC_CLIENT_TMP", string, P, "/dev/shm", "base directory of include-server client roots"},
    {distcc_location, "DISTCC_LOCATION", string, P, "", "directory containing distcc and lsdistcc"},
    {distcc_potential_hosts, "DISTCC_POTENTIAL_HOSTS", string, P, "", "hosts to probe with lsdistcc"},
    {include_server_args, "INCLUDE_SERVER_ARGS", string, P, "", "extra include-server arguments"},
    {include_server_pid, "INCLUDE_SERVER_PID", integer, P, "", "set by pump --startup"},
    {include_server_dir, "INCLUDE_SERVER_DIR", string, P, "", "set by pump --startup"},
    {lsdistcc_args, "LSDISTCC_ARGS", string, P, "", "extra lsdistcc arguments for pump"},
    {distcc_report_args, "DISTCC_REPORT_ARGS", string, P, "", "extra distcc-report arguments for pump --report"},
};

static_assert(std::size(k_table) == k_var_count, "every Var needs a table row");

}  // namespace

std::span<const VarInfo> table() { return k_table; }

const VarInfo& info(Var var) { return k_table[static_cast<std::size_t>(var)]; }

std::optional<Var> lookup(std::string_view name) {
    for (const VarInfo& row : k_table)
        if (name == row.name) return row.var;
    return std::nullopt;
}

Snapshot Snapshot::from_process() {
    Snapshot s;
    for (const VarInfo& row : k_table) {
        if (const char* value = std::getenv(row.name)) s.m_values[static_cast<std::size_t>(row.var)] = value;
    }
    return s;
}

Snapshot Snapshot::from_pairs(const std::vector<std::pair<Var, std::string>>& values) {
    Snapshot s;
    for (const auto& [var, value] : values) s.set(var, value);
    return s;
}

std::optional<std::string_view> Snapshot::get(Var var) const {
    const auto& slot = m_values[static_cast<std::size_t>(var)];
    if (!slot) return std::nullopt;
    return std::string_view(*slot);
}

bool Snapshot::is_nonempty(Var var) const {
    auto v = get(var);
    return v && !v->empty();
}

std::string Snapshot::get_or(Var var, std::string_view fallback) const {
    auto v = get(var);
    return std::string(v ? *v : fallback);
}

bool Snapshot::boolean_or(Var var, bool fallback) const {
    auto v = get(var);
    if (v && *v == "1") return true;
    if (v && *v == "0") return false;
    return fallback;
}

void Snapshot::set(Var var, std::string value) { m_values[static_cast<std::size_t>(var)] = std::move(value); }
void Snapshot::unset(Var var) { m_values[static_cast<std::size_t>(var)].reset(); }

}  // namespace dcc::env
