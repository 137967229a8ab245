// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_locator.hpp (upstream dcc_check_compiler_masq and the
// PATH walk of dcc_execvp).
#include "daemon/compiler_locator.hpp"

#include <sys/stat.h>

#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

// A relative PATH entry ("." or "") would otherwise be resolved in the job directory.
std::string absolute(const std::string& found) {
    return path::is_absolute(found) ? found : path::make_absolute(found, path::current_directory());
}

}  // namespace

std::optional<std::string> CompilerLocator::masquerade_warning(const std::string& name) const {
    for (const std::string& dir : path::split_search_path(m_search_path)) {
        std::string candidate = path::join(dir.empty() ? "." : dir, name);
        struct stat st{};
        if (::lstat(candidate.c_str(), &st) != 0) continue;
        if (!S_ISLNK(st.st_mode)) return std::nullopt;
        auto target = m_probe.read_link(candidate);
        if (target && target->find("distcc") != std::string::npos)
            return strings::format("%s on distccd's path is %s and really a link to %s", name.c_str(),
                                   candidate.c_str(), target->c_str());
        return std::nullopt;
    }
    return std::nullopt;
}

Result<LocatedCompiler> CompilerLocator::search(const std::string& argv0) const {
    auto missing = [&] {
        return make_error(ExitCode::compiler_missing,
                          strings::format("failed to exec %s: No such file or directory", argv0.c_str()));
    };
    if (argv0.find('/') != std::string::npos) {
        if (m_probe.is_executable(argv0)) return LocatedCompiler{argv0, std::nullopt};
        auto found = path::find_executable(path::basename(argv0), m_search_path);
        if (!found) return missing();
        return LocatedCompiler{absolute(*found), std::nullopt};
    }
    auto found = path::find_executable(argv0, m_search_path);
    if (!found) return missing();
    return LocatedCompiler{absolute(*found), masquerade_warning(argv0)};
}

Result<LocatedCompiler> CompilerLocator::locate(const std::string& argv0) {
    if (auto it = m_cache.find(argv0); it != m_cache.end()) return it->second;
    auto located = search(argv0);
    if (located.ok() && m_cache.size() < 256) m_cache.emplace(argv0, *located);
    return located;
}

}  // namespace dcc::daemon
