// SPDX-License-Identifier: GPL-2.0-or-later
// distccd's command line (doc/daemon.md §1): one table of every option, parsed
// with popt into an Options value.  Parsing decides nothing about the machine (no
// stdin probe, no user lookup, no sockets): the server acts on the result.  A bad
// value is an Error with ExitCode::bad_arguments and a message naming the option.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "common/result.hpp"
#include "daemon/access_list.hpp"
#include "daemon/sandbox_policy.hpp"
#include "proto/limits.hpp"

namespace dcc::daemon {

enum class OptionId {
    help, version, show_principal, pid_file, nice, oom_score_adj, user, jobs, job_lifetime,
    port, listen, allow, allow_private, auth, blacklist, whitelist, sysroot, stats, stats_port, zeroconf,
    log_level, verbose, no_detach, log_file, log_stderr, wizard,
    inetd, daemon, no_fork, no_fifo, lifetime, enable_tcp_insecure, make_me_a_botnet,
    max_argc, max_arg_length, max_argv_total, max_path_length, max_item_size, max_files, max_files_total,
    sandbox, pump_tmpdir,
    request_timeout, min_rate, max_pending,
};

enum class ArgKind { none, integer, text };

// Where --help lists an option; `hidden` ones are accepted but not listed (as upstream
// hides --allow-private, --enable-tcp-insecure, --lifetime, --no-fork).
enum class HelpGroup { options, networking, debug, mode, limits, hidden };

// Options that belong to an optional feature: --help lists them only when the build
// has it (as upstream's does).  They are accepted in every build; without the
// feature the server refuses to start with them (--auth: 119, --zeroconf: 103),
// which is clearer than upstream's "unknown option".
enum class Feature { always, gssapi, zeroconf };

struct CommandLine;
struct OptionSpec;

// What an option does to the command line being built; `value` is null for options
// without an argument.
using ApplyOption = Status (*)(const OptionSpec& spec, const char* value, CommandLine& command_line);

struct OptionSpec {
    OptionId id;
    const char* long_name;
    char short_name;  // 0: none
    ArgKind arg;
    HelpGroup group;
    Feature feature;
    const char* arg_name;  // e.g. "FILE"; null when arg == none
    const char* help;
    ApplyOption apply;
};

std::span<const OptionSpec> option_table();

enum class Mode { unspecified, daemon, inetd };

struct Options {
    Mode mode = Mode::unspecified;
    bool no_detach = false;
    bool no_fork = false;
    bool log_stderr = false;
    bool stats = false;
    bool enable_tcp_insecure = false;
    bool allow_private = false;
    bool zeroconf = false;
    bool auth = false;

    int port = 3632;
    int stats_port = 3633;
    std::string listen_address;  // empty: every address
    std::vector<AllowEntry> allow;
    std::optional<int> jobs;  // default: CPUs + 2
    int nice = 5;
    std::optional<int> oom_score_adj;
    std::optional<std::string> user;
    std::string pid_file;
    std::string log_file;
    log::Level log_level = log::Level::notice;
    int job_lifetime_sec = 0;  // 0: unlimited
    int lifetime_sec = 0;      // hidden: the whole daemon exits after this long
    std::string sysroot;
    std::string blacklist_file;
    std::string whitelist_file;
    proto::Limits limits;
    SandboxMode sandbox = SandboxMode::automatic;  // --sandbox (doc/security.md §3)
    // --pump-tmpdir (doc/daemon.md §7); unset: /dev/shm when it is a writable tmpfs.
    std::optional<std::string> pump_tmpdir;
    // Request intake (doc/security.md §1).
    int request_timeout_sec = 300;  // accept to the request's last byte
    int min_rate = 1024;            // bytes/s inside a packet; 0: off
    int max_pending = 4000;         // connections being read at once

    // Messages to log once logging is set up (e.g. an unknown --log-level word).
    std::vector<std::string> warnings;
};

enum class Action { serve, help, version, show_principal };

struct CommandLine {
    Action action = Action::serve;
    Options options;
};

// Parse argv (argv[0] is the program name).  Words that are not options are ignored,
// as upstream does.
Result<CommandLine> parse_command_line(int argc, const char* const* argv);

// The --help text after the version banner.
std::string usage_text();

}  // namespace dcc::daemon
