// SPDX-License-Identifier: GPL-2.0-or-later
// Finding the program a job runs: argv[0] looked up on the daemon's PATH once per
// worker and remembered, so a job spawns the compiler by absolute path instead of
// letting every exec walk PATH.  Names with a '/' are run as given, or by basename
// from PATH when that path does not exist (upstream dcc_execvp).  Also notices the
// masquerade trap of doc/daemon.md §8 (the first PATH entry of that name is a
// symlink to distcc) and repeats that warning for every job, as upstream does.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "common/result.hpp"
#include "compiler/file_probe.hpp"

namespace dcc::daemon {

struct LocatedCompiler {
    std::string program;               // absolute path to execute
    std::optional<std::string> warning;  // "<name> on distccd's path is <p> and really a link to <t>"
};

class CompilerLocator {
public:
    CompilerLocator(std::string search_path, const compiler::FileProbe& probe)
        : m_search_path(std::move(search_path)), m_probe(probe) {}

    // ExitCode::compiler_missing with "failed to exec <name>: No such file or
    // directory" when nothing can be found.
    Result<LocatedCompiler> locate(const std::string& argv0);

    // Drop a remembered answer (the program vanished since).
    void forget(const std::string& argv0) { m_cache.erase(argv0); }

private:
    Result<LocatedCompiler> search(const std::string& argv0) const;
    std::optional<std::string> masquerade_warning(const std::string& name) const;

    std::string m_search_path;
    const compiler::FileProbe& m_probe;
    std::unordered_map<std::string, LocatedCompiler> m_cache;
};

}  // namespace dcc::daemon
