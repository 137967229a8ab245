// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of file_probe.hpp over the real file system (access, readlink, stat).
#include "compiler/file_probe.hpp"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dcc::compiler {

bool SystemFileProbe::is_executable(const std::string& path) const {
    return ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> SystemFileProbe::read_link(const std::string& path) const {
    char buffer[PATH_MAX];
    ssize_t n = ::readlink(path.c_str(), buffer, sizeof buffer);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof buffer) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
}

bool SystemFileProbe::is_regular_file(const std::string& path) const {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace dcc::compiler
