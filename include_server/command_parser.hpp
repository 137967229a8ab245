// SPDX-License-Identifier: GPL-2.0-or-later
// The include server's own reading of a compile command (doc/include-server.md,
// "Answering a request"): which file is the translation unit, which files are
// forced in front of it (-include, -imacros, -Wa,x.s), the -I/-iquote/-isystem/
// -idirafter lists, -D definitions, the language and the sysroot.  It is a pure
// function of argv (plus a glob seam for -F); it decides nothing about system
// directories, which come from compiler_defaults, and it is deliberately not the
// client's argument scanner (src/compiler): upstream keeps the two apart and the
// include server must reproduce upstream's reading, quirks included.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::include_server {

// A -D option split at '=' into the macro head ("NAME" or "NAME(a,b)") and value.
struct CommandDefine {
    std::string head;
    std::string value;
    bool operator==(const CommandDefine&) const = default;
};

struct ParsedCommand {
    std::string compiler;                      // argv[0]
    std::string translation_unit;              // the one file name
    std::vector<std::string> include_files;    // -include, -imacros, -Wa,x.s (normalised)
    std::vector<std::string> i_dirs;           // -I, -iwithprefixbefore, -F globs
    std::vector<std::string> before_system_dirs;  // -isystem
    std::vector<std::string> after_system_dirs;   // -idirafter, -iwithprefix
    std::vector<std::string> quote_dirs;       // -iquote
    std::vector<CommandDefine> defines;        // -DNAME=VALUE only (upstream ignores -DNAME)
    std::string language;                      // c, c++, objective-c, objective-c++
    std::string sysroot;                       // -isysroot, else --sysroot=, else ""
    bool nostdinc = false;
    std::string result_file_prefix;            // cwd/(output minus .o, or source minus extension)
};

// Expands a -F glob ("DIR/*/Headers") relative to the client's directory, sorted.
using GlobFunction = std::function<std::vector<std::string>(const std::string& pattern)>;

// Parse `argv` (argv[0] = compiler) as upstream's ParseCommandArgs does.  Failures
// are "not covered" with upstream's reason text (failure.hpp).
Result<ParsedCommand> parse_command(const std::vector<std::string>& argv, std::string_view cwd,
                                    const GlobFunction& glob);

// Upstream's SafeNormPath: drop leading "./" (repeatedly) and trailing '/'; "." is "".
std::string safe_norm_path(std::string_view path);

// The language for a file name's extension (c, c++, objective-c, objective-c++), or
// empty when the extension is not one upstream recognises.
std::string_view language_for_extension(std::string_view file_name);

// The search lists once the compiler's system directories are known:
//   angle = I dirs + -isystem + system dirs (unless -nostdinc) + after dirs
//   quote = -iquote dirs + angle
// Every directory is normalised with safe_norm_path.
std::vector<std::string> angle_list(const ParsedCommand& command, const std::vector<std::string>& system_dirs);
std::vector<std::string> quote_list(const ParsedCommand& command, const std::vector<std::string>& system_dirs);

// A Python list repr of strings, as upstream prints the file names it found.
std::string python_list_repr(const std::vector<std::string>& words);

}  // namespace dcc::include_server
