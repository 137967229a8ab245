// SPDX-License-Identifier: GPL-2.0-or-later
// The compiler's built-in include directories (doc/include-server.md,
// "Answering a request"), upstream's compiler_defaults.py.  For each (compiler, sysroot,
// language) of a generation the compiler is run once as
//   COMPILER [--sysroot=S] -x LANGUAGE -v -c /dev/null -o /dev/null
// with only PATH in its environment; the directories between "#include <...>
// search starts here:" and "End of search list" are canonicalised, added to the
// generation's SystemDirs and given system links.  The output parser is pure; the
// process runner is a seam for tests.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/system_dirs.hpp"
#include "include_server/system_links.hpp"

namespace dcc::include_server {

struct ProbeOutput {
    int wait_status = 0;
    std::string output;  // stdout and stderr together
};

class CompilerRunner {
public:
    virtual ~CompilerRunner() = default;
    // Run argv in `cwd` with `environment`; the error is the exec failure's text.
    virtual Result<ProbeOutput> run(const std::vector<std::string>& argv, const std::string& cwd,
                                    const std::vector<std::string>& environment) = 0;
};

class ProcessCompilerRunner final : public CompilerRunner {
public:
    Result<ProbeOutput> run(const std::vector<std::string>& argv, const std::string& cwd,
                            const std::vector<std::string>& environment) override;
};

std::vector<std::string> probe_command(const std::string& compiler, const std::string& sysroot,
                                       const std::string& language);

// The directories of `gcc -v` output, as printed; nullopt when the markers are missing.
std::optional<std::vector<std::string>> parse_search_dirs(std::string_view output);

class CompilerDefaults {
public:
    // `path_variable` is the include server's PATH ("" when unset).
    CompilerDefaults(Caches& caches, SystemDirs& system_dirs, SystemLinks& links, CompilerRunner& runner,
                     std::string path_variable)
        : m_caches(caches), m_system_dirs(system_dirs), m_links(links), m_runner(runner),
          m_path(std::move(path_variable)) {}

    // The system directories for this compiler; probes on first use.  `cwd` is the
    // client's directory (relative compiler names are run from there).
    Result<const std::vector<std::string>*> dirs_for(const std::string& compiler, const std::string& sysroot,
                                                     const std::string& language, const std::string& cwd);

    std::size_t probes() const { return m_dirs.size(); }

private:
    Result<std::vector<std::string>> probe(const std::string& compiler, const std::string& sysroot,
                                           const std::string& language, const std::string& cwd);

    Caches& m_caches;
    SystemDirs& m_system_dirs;
    SystemLinks& m_links;
    CompilerRunner& m_runner;
    std::string m_path;
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::string>> m_dirs;
};

}  // namespace dcc::include_server
