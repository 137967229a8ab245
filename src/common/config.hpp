// SPDX-License-Identifier: GPL-2.0-or-later
// Config: the typed settings derived once from an env::Snapshot, shared by the
// client and the daemon.  Loading never fails; a variable whose value is invalid
// keeps the error in its field (Result<int>) so that the program reports it only
// where upstream does (e.g. "Bad DISTCC_IO_TIMEOUT value" when I/O starts), and
// `distcc --version` still works with a broken environment.
#pragma once

#include <optional>
#include <string>

#include "common/environment.hpp"
#include "common/result.hpp"

namespace dcc {

struct Config {
    env::Snapshot env;

    // Logging
    bool verbose = false;
    std::string log_file;     // DISTCC_LOG; empty = none
    int uncached_err_fd = 0;  // 0 = none
    std::string journal_file;  // DISTCC_JOURNAL; empty = no job journal

    // Behaviour
    bool fallback = true;
    bool skip_local_retry = false;
    std::string preprocess = "auto";  // DISTCC_PREPROCESS, checked by the client
    int backoff_period_sec = 60;
    Result<int> io_timeout_sec = 300;  // > 0
    int pause_time_msec = 1000;
    bool load_aware = true;  // DISTCC_LOAD_AWARE (doc/client.md §8.1)
    int load_port = 3633;    // DISTCC_LOAD_PORT; 0 = do not ask daemons for their load
    bool save_temps = false;
    bool tcp_cork = true;
    std::string ssh_command = "ssh";
    bool no_rewrite_cross = false;
    Result<int> max_discrepancy = 1;  // > 0

    // Paths
    std::optional<std::string> hosts;  // DISTCC_HOSTS; set-but-empty is meaningful
    std::string distcc_dir;            // DISTCC_DIR, or $HOME/.distcc, or "" when neither
    bool distcc_dir_explicit = false;  // DISTCC_DIR was set (then it is not created)
    std::string tmpdir = "/tmp";
    std::string search_path;           // PATH

    // Recursion guard (doc/client.md §14): 0 unset; non-numeric counts as 1.
    int safeguard_level = 0;

    // Daemon
    std::optional<std::string> daemon_path;  // DISTCCD_PATH
    std::optional<std::string> cmdlist;      // DISTCC_CMDLIST
    int cmdlist_numwords = 1;
    bool tcp_defer_accept = true;

    int io_timeout_ms() const { return io_timeout_sec.ok() ? io_timeout_sec.value() * 1000 : 300 * 1000; }
};

Config load_config(env::Snapshot snapshot);

}  // namespace dcc
