// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of include_server (doc/include-server.md, "Options"; man page
// include_server(1)): upstream's getopt table -- short options "d:estvwx", long
// options accepted by any unique prefix, processing stopping at the first word that
// is not an option -- plus --threads, which is ours.  A pure function from argv to
// Options or to the usage outcome; main prints and exits.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dcc::include_server {

struct Options {
    std::string port;                     // socket path (required)
    std::string pid_file;
    int debug_pattern = 1;                // 1 warnings, 2 trace, 4 trace1, 8 trace2, 16 data
    bool email = false;
    int email_bound = 3;
    bool has_path_observation_re = false;
    std::string path_observation_re;
    std::vector<std::string> stat_reset_triggers;  // globs
    bool statistics = false;
    bool print_times = false;
    bool unsafe_absolute_includes = false;
    bool unsafe_no_unexpanded_functions = false;
    bool no_force_dirs = false;
    bool verify = false;
    bool write_include_closure = false;
    bool exact_analysis = false;          // accepted; no effect (as upstream)
    int threads = 0;                      // ours: request workers; 0 = automatic
};

// What parsing decided.
struct OptionsOutcome {
    enum class Action { serve, usage_error, no_port, not_implemented } action = Action::serve;
    Options options;
};

OptionsOutcome parse_options(const std::vector<std::string>& args);  // args without argv[0]

// The usage text upstream prints on stdout.
const char* usage_text();

}  // namespace dcc::include_server
