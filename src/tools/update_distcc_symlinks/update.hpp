// SPDX-License-Identifier: GPL-2.0-or-later
// update-distcc-symlinks from command line to exit code: parse the options, work out
// which compiler names exist on this machine, and bring the masquerade directory
// (<prefix>/lib/distcc, which is also distccd's whitelist) in line with them.
// main.cpp returns what run_update_distcc_symlinks returns.
#pragma once

#include <span>
#include <string>

#include "common/result.hpp"

namespace dcc::tools::update_distcc_symlinks {

struct UpdateOptions {
    std::string directory;  // empty: the default, <prefix>/lib/distcc
    bool verbose = false;
    bool help = false;
    bool version = false;
};

// `args` excludes the program name.  Unknown options and stray words are
// ExitCode::bad_arguments.
Result<UpdateOptions> parse_command_line(std::span<const std::string> args);

const char* usage_text();

int run_update_distcc_symlinks(int argc, char** argv);

}  // namespace dcc::tools::update_distcc_symlinks
