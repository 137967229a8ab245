// SPDX-License-Identifier: GPL-2.0-or-later
// How distcc was invoked (doc/client.md §1 and §14): explicitly (`distcc gcc -c
// x.c`), implicitly (`distcc -c x.c` runs cc), or masqueraded as the compiler through a
// symlink on PATH, plus the PATH trimming and recursion guard that masquerading needs.
// Pure decisions; the program applies them (sets PATH and _DISTCC_SAFEGUARD for its
// children).  The informational options (--help, -j, ...) are in info_commands.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "compiler/file_probe.hpp"

namespace dcc::client {

enum class InvocationMode { explicit_compiler, implicit_compiler, masquerade };

struct Invocation {
    InvocationMode mode = InvocationMode::explicit_compiler;
    std::vector<std::string> command;  // command[0] is the compiler
};

// True when argv[0]'s basename contains "distcc" (upstream's test for "not masqueraded").
bool invoked_as_distcc(std::string_view argv0);

// Build the compiler command.  As distcc: argv[1..], with "cc" inserted when argv[1]
// starts with '-', is a source file or ends in ".o".  Masqueraded: argv with argv[0]
// replaced by its basename.  An empty command is ExitCode::bad_arguments.
Result<Invocation> detect_invocation(const std::vector<std::string>& argv);

// Upstream dcc_trim_path: the PATH a masqueraded client gives its children so that
// running "gcc" finds the real compiler -- the entries after the masquerade directory.
// The directory is argv0's (made absolute against `cwd`) when argv0 contains '/',
// else the first PATH entry holding an executable of argv0's name.  nullopt when no
// entry matches or the match is the last one (PATH stays as it is, and nothing counts
// as trimmed).
std::optional<std::string> trimmed_search_path(std::string_view argv0, std::string_view search_path,
                                               std::string_view cwd, const compiler::FileProbe& probe);

enum class RecursionVerdict {
    proceed,        // level 0: a normal distcc run
    run_locally,    // invoked by distcc or distccd: just run the compiler
};

// Upstream dcc_recursion_safeguard: `level` is _DISTCC_SAFEGUARD as read at startup.
// ExitCode::recursion ("distcc seems to have invoked itself recursively!") when
// level minus one-if-PATH-was-trimmed is still positive.
Result<RecursionVerdict> check_recursion(int level, bool path_trimmed);

}  // namespace dcc::client
