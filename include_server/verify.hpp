// SPDX-License-Identifier: GPL-2.0-or-later
// --verify (doc/include-server.md, "Checking the closure"): run the real
// preprocessor on the request's command with -M and report every file it reads that
// the computed closure misses.  The command is the client's argv without its -o,
// plus `-o TMP -E -M -MF TMP2`; the dependency file is read as make syntax (escaped
// blanks included, which upstream splits apart).  Also writes the -w files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::include_server {

std::vector<std::string> verification_command(const std::vector<std::string>& argv, const std::string& output,
                                              const std::string& deps_file);

// The prerequisites of the first rule of a make dependency file.
std::vector<std::string> parse_make_deps(std::string_view text);

// Run the preprocessor in `cwd` and return the paths its dependency file lists.
// "Could not execute '...'" (not covered) when it fails.
Result<std::vector<std::string>> exact_dependencies(const std::vector<std::string>& argv, const std::string& cwd,
                                                    const std::string& tmpdir);

// The message for a closure that misses `missing` (sorted; the first is named).
std::string missing_dependencies_message(const std::vector<std::string>& missing);

// Write one realpath per line (upstream's WriteDependencies).
Status write_dependency_list(const std::string& path, const std::vector<std::string>& realpaths);

}  // namespace dcc::include_server
