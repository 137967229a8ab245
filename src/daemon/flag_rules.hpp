// SPDX-License-Identifier: GPL-2.0-or-later
// Compiler flags distccd refuses beyond upstream's two (-fplugin= and -specs=, which
// compiler::check_server_arguments keeps exactly as upstream): the other ways a gcc
// or clang command line lets a client run a program of its choice on the server
// (CVE-2004-2687 and relatives: -wrapper, -B and other tool-prefix options, clang
// -fpass-plugin= and -Xclang -load, clang config files, --specs, response files,
// -fcompare-debug=) or write outside the job's directory (output options with an
// absolute path or ".." component).  One sorted table, checked by a unit test; pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/option_table.hpp"
#include "daemon/refusal.hpp"

namespace dcc::daemon {

// What a table entry asks for; exposed for the table's unit test.
enum class FlagCheck : unsigned char {
    plugin,            // -fpass-plugin= (clang; gcc's -fplugin= is upstream's check)
    clang_cc1,         // -Xclang X: refused when X loads a plugin
    specs,             // --specs=F / --specs F and a separate -specs: the long spellings
    wrapper,           // -wrapper: runs a program around every subprocess
    prefix_dir,        // -B, --prefix, --gcc-toolchain, --gcc-install-dir: where tools come from
    config_file,       // --config...: clang configuration files hold arbitrary flags
    compare_debug,     // -fcompare-debug=OPTS: a second compile with any options
    output_alias,      // --output: an -o the argv rewriter would not see
    output_next,       // -MF F, -aux-info F, -dumpdir D, -dumpbase B, -MJ F
    output_joined,     // -MFF, -MJF
    output_value,      // -fdump-...=F, -fopt-info...=F, ...: the text after '='
    assembler_words,   // -Wa,a,b: assembler options writing files
    assembler_next,    // -Xassembler X: the same, one word
};

// The table, sorted as every compiler::OptionRule table (checked by a unit test).
std::span<const compiler::OptionRule<FlagCheck>> flag_rule_table();

// Check every word after argv[0]; the first offending word is refused.
std::optional<Refusal> check_flags(const std::vector<std::string>& argv);

}  // namespace dcc::daemon
