// SPDX-License-Identifier: GPL-2.0-or-later
// Builds a Config from a Snapshot; the rules for each variable follow doc/client.md
// §17 and doc/daemon.md §14.
#include "common/config.hpp"

#include <algorithm>
#include <cstdint>

#include "common/strings.hpp"

namespace dcc {
namespace {

using env::Var;

int int_or(const env::Snapshot& s, Var var, int fallback) {
    auto v = s.get(var);
    if (!v) return fallback;
    auto parsed = strings::parse_int(*v);
    if (!parsed || *parsed < INT32_MIN || *parsed > INT32_MAX) return fallback;
    return static_cast<int>(*parsed);
}

Result<int> positive_int(const env::Snapshot& s, Var var, int fallback) {
    auto v = s.get(var);
    if (!v || v->empty()) return fallback;
    auto parsed = strings::parse_int(*v);
    if (!parsed || *parsed <= 0 || *parsed > INT32_MAX)
        return make_error(ExitCode::bad_arguments,
                          strings::format("Bad %s value: %.*s", env::info(var).name, static_cast<int>(v->size()), v->data()));
    return static_cast<int>(*parsed);
}

}  // namespace

Config load_config(env::Snapshot s) {
    Config c;
    c.verbose = s.boolean_or(Var::distcc_verbose, false);
    c.log_file = s.get_or(Var::distcc_log, "");
    c.uncached_err_fd = int_or(s, Var::uncached_err_fd, 0);
    c.journal_file = s.get_or(Var::distcc_journal, "");

    c.fallback = s.boolean_or(Var::distcc_fallback, true);
    c.skip_local_retry = s.is_set(Var::distcc_skip_local_retry);
    if (s.is_nonempty(Var::distcc_preprocess)) c.preprocess = std::string(*s.get(Var::distcc_preprocess));
    c.backoff_period_sec = int_or(s, Var::distcc_backoff_period, 60);
    if (c.backoff_period_sec < 0) c.backoff_period_sec = 0;
    c.io_timeout_sec = positive_int(s, Var::distcc_io_timeout, 300);
    c.pause_time_msec = int_or(s, Var::distcc_pause_time_msec, 1000);
    if (c.pause_time_msec < 0) c.pause_time_msec = 0;
    c.load_aware = s.boolean_or(Var::distcc_load_aware, true);
    c.load_port = int_or(s, Var::distcc_load_port, 3633);
    if (c.load_port < 0 || c.load_port > 65535) c.load_port = 0;
    c.save_temps = s.boolean_or(Var::distcc_save_temps, false);
    c.tcp_cork = s.boolean_or(Var::distcc_tcp_cork, true);
    if (s.is_nonempty(Var::distcc_ssh)) c.ssh_command = std::string(*s.get(Var::distcc_ssh));
    c.no_rewrite_cross = s.is_set(Var::distcc_no_rewrite_cross);
    c.max_discrepancy = positive_int(s, Var::distcc_max_discrepancy, 1);

    if (auto hosts = s.get(Var::distcc_hosts)) c.hosts = std::string(*hosts);
    if (auto dir = s.get(Var::distcc_dir); dir && !dir->empty()) {
        c.distcc_dir = std::string(*dir);
        c.distcc_dir_explicit = true;
    } else if (auto home = s.get(Var::home); home && !home->empty()) {
        c.distcc_dir = std::string(*home) + "/.distcc";
    }
    if (s.is_nonempty(Var::tmpdir)) c.tmpdir = std::string(*s.get(Var::tmpdir));
    c.search_path = s.get_or(Var::path, "");

    if (auto level = s.get(Var::distcc_safeguard)) {
        long long n = strings::atoi_like(*level);
        c.safeguard_level = n > 0 ? static_cast<int>(std::min<long long>(n, 1000)) : 1;
    }

    if (auto p = s.get(Var::distccd_path)) c.daemon_path = std::string(*p);
    if (auto p = s.get(Var::distcc_cmdlist)) c.cmdlist = std::string(*p);
    c.cmdlist_numwords = int_or(s, Var::distcc_cmdlist_numwords, 1);
    if (c.cmdlist_numwords < 1) c.cmdlist_numwords = 1;
    c.tcp_defer_accept = s.boolean_or(Var::distcc_tcp_defer_accept, true);

    c.env = std::move(s);
    return c;
}

}  // namespace dcc
