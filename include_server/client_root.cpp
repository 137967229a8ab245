// SPDX-License-Identifier: GPL-2.0-or-later
// Creating, finding and removing client roots.
#include "include_server/client_root.hpp"

#include <glob.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/cleanup.hpp"
#include "common/strings.hpp"

namespace dcc::include_server {
namespace {

constexpr const char* k_name = "include_server";

std::vector<std::string> glob_paths(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t found{};
    if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &found) == 0)
        for (std::size_t i = 0; i < found.gl_pathc; ++i) out.emplace_back(found.gl_pathv[i]);
    globfree(&found);
    return out;
}

// Eight characters of [a-z0-9_], as Python's tempfile names.
std::string random_name() {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
    unsigned char bytes[8];
    if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
        for (unsigned char& b : bytes) b = static_cast<unsigned char>(std::rand());
    std::string out;
    for (unsigned char b : bytes) out += alphabet[b % (sizeof alphabet - 1)];
    return out;
}

}  // namespace

Result<std::string> choose_client_tmp(const std::optional<std::string>& distcc_client_tmp, bool shm_usable) {
    std::string base = distcc_client_tmp ? *distcc_client_tmp : shm_usable ? "/dev/shm" : "/tmp";
    if (base.empty() || base[0] != '/')
        return make_error(ExitCode::bad_arguments, "DISTCC_CLIENT_TMP must start with '/'.");
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (std::count(base.begin(), base.end(), '/') > 2)
        return make_error(ExitCode::bad_arguments, "DISTCC_CLIENT_TMP must have at most two directory levels.");
    return base;
}

bool dev_shm_usable() {
    struct stat st;
    return ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && ::access("/dev/shm", R_OK | W_OK | X_OK) == 0;
}

int padding_levels(const std::string& base) {
    // "/dev/shm" has two components, "/tmp" one, "" (the root) none; roots have three.
    return 2 - static_cast<int>(std::count(base.begin(), base.end(), '/'));
}

std::optional<pid_t> pid_of_root(const std::string& path) {
    std::size_t last = path.rfind('-');
    if (last == std::string::npos || last == 0) return std::nullopt;
    std::size_t before = path.rfind('-', last - 1);
    if (before == std::string::npos) return std::nullopt;
    auto pid = strings::parse_int(std::string_view(path).substr(before + 1, last - before - 1));
    if (!pid || *pid <= 0 || *pid > (1ll << 30)) return std::nullopt;
    return static_cast<pid_t>(*pid);
}

Result<std::string> ClientRoots::make_root(int generation) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string dir = strings::format("%s/tmp%s.%s-%ld-%d", m_base.c_str(), random_name().c_str(), k_name,
                                          static_cast<long>(getpid()), generation);
        if (::mkdir(dir.c_str(), 0700) != 0) {
            if (errno == EEXIST) continue;
            return make_error(ExitCode::io_error, strings::format("Could not create client root directory %s: %s",
                                                                  dir.c_str(), std::strerror(errno)));
        }
        for (int i = 0; i < padding_levels(m_base); ++i) {
            dir += "/padding";
            if (::mkdir(dir.c_str(), 0700) != 0)
                return make_error(ExitCode::io_error, strings::format("Could not create client root directory %s: %s",
                                                                      dir.c_str(), std::strerror(errno)));
        }
        return dir;
    }
    return make_error(ExitCode::io_error, "Could not create a client root directory in " + m_base);
}

void ClientRoots::remove_roots_of(pid_t pid) {
    for (const std::string& root : glob_paths(strings::format("%s/*.%s-%ld-*", m_base.c_str(), k_name, long(pid))))
        cleanup::remove_tree(root.c_str());
}

void ClientRoots::remove_stale_roots() {
    for (const std::string& root : glob_paths(m_base + "/*." + k_name + "-*-*")) {
        auto pid = pid_of_root(root);
        if (!pid || ::getpgid(*pid) >= 0 || errno != ESRCH) continue;
        if (::access(root.c_str(), W_OK) != 0) continue;  // not ours
        remove_roots_of(*pid);
    }
}

void ClientRoots::remove_own_roots() { remove_roots_of(getpid()); }

}  // namespace dcc::include_server
