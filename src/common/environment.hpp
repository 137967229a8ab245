// SPDX-License-Identifier: GPL-2.0-or-later
// The table of every environment variable distcc's programs read (name, kind,
// default, meaning) and a snapshot of their values taken once at startup.  This is
// the only place in the tree that calls getenv(); everything else receives a
// Snapshot (or the typed Config built from it, config.hpp), which tests construct
// from literal values.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcc::env {

enum class Var : unsigned {
    // client
    distcc_hosts, distcc_dir, home, distcc_verbose, distcc_log, distcc_journal, uncached_err_fd, distcc_fallback,
    distcc_skip_local_retry, distcc_preprocess, distcc_backoff_period, distcc_io_timeout, distcc_pause_time_msec,
    distcc_load_aware, distcc_load_port,
    distcc_save_temps, distcc_tcp_cork, distcc_ssh, distcc_no_rewrite_cross, distcc_max_discrepancy,
    distcc_enable_discrepancy_email, distcc_emaillog_whom_to_blame, distcc_exclude_fresh_files,
    distcc_principal, include_server_port, include_server_stub, distcc_testing_include_server,
    dependencies_output, sunpro_dependencies, cpath, c_include_path, cplus_include_path, tmpdir, path,
    distcc_safeguard, host, hostname, pwd,
    // daemon
    distccd_path, distcc_cmdlist, distcc_cmdlist_numwords, distcc_tcp_defer_accept, distccd_principal,
    listen_pid, listen_fds, listen_fdnames,
    // pump and include server
    distcc_client_tmp, distcc_location, distcc_potential_hosts, include_server_args, include_server_pid,
    include_server_dir, lsdistcc_args, distcc_report_args,
    count_
};

inline constexpr std::size_t k_var_count = static_cast<std::size_t>(Var::count_);

// How a value is interpreted.  `boolean` accepts exactly "1" and "0" (anything else
// means "default"); `presence` means set-to-anything counts as true.
enum class Kind { string, boolean, presence, integer, path_list };

enum class User { client, daemon, both, pump };

struct VarInfo {
    Var var;
    const char* name;
    Kind kind;
    User user;
    const char* default_text;  // as documented; "" when unset by default
    const char* meaning;
};

std::span<const VarInfo> table();
const VarInfo& info(Var var);
std::optional<Var> lookup(std::string_view name);

class Snapshot {
public:
    // Read every variable of the table from the process environment.
    static Snapshot from_process();
    // Build from literal values (tests, and programs that override one value).
    static Snapshot from_pairs(const std::vector<std::pair<Var, std::string>>& values);

    std::optional<std::string_view> get(Var var) const;
    bool is_set(Var var) const { return get(var).has_value(); }
    // Set and non-empty.
    bool is_nonempty(Var var) const;
    std::string get_or(Var var, std::string_view fallback) const;
    // "1" -> true, "0" -> false, anything else (or unset) -> fallback.
    bool boolean_or(Var var, bool fallback) const;

    void set(Var var, std::string value);
    void unset(Var var);

private:
    std::array<std::optional<std::string>, k_var_count> m_values;
};

}  // namespace dcc::env
