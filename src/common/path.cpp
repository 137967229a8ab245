// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of path.hpp.
#include "common/path.hpp"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dcc::path {

std::string_view basename(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string dirname(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

std::string join(std::string_view dir, std::string_view name) {
    if (dir.empty()) return std::string(name);
    std::string out(dir);
    if (out.back() != '/') out.push_back('/');
    out.append(name);
    return out;
}

bool is_absolute(std::string_view path) { return !path.empty() && path[0] == '/'; }

std::string normalize(std::string_view path) {
    bool absolute = is_absolute(path);
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(pos, end - pos);
        if (part.empty() || part == ".") {
            // skip
        } else if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!absolute)
                parts.push_back(part);
        } else {
            parts.push_back(part);
        }
        pos = end + 1;
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out.push_back('/');
        out.append(parts[i]);
    }
    if (out.empty()) return std::string(1, '.');
    return out;
}

std::string make_absolute(std::string_view p, std::string_view cwd) {
    if (is_absolute(p)) return normalize(p);
    return normalize(join(cwd, p));
}

std::vector<std::string> split_search_path(std::string_view search_path) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        std::size_t end = search_path.find(':', pos);
        if (end == std::string_view::npos) {
            out.emplace_back(search_path.substr(pos));
            break;
        }
        out.emplace_back(search_path.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

bool is_executable_file(const std::string& p) {
    struct stat st{};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

std::optional<std::string> find_executable(std::string_view name, std::string_view search_path) {
    for (const std::string& dir : split_search_path(search_path)) {
        std::string candidate = join(dir.empty() ? "." : dir, name);
        if (is_executable_file(candidate)) return candidate;
    }
    return std::nullopt;
}

std::string current_directory() {
    char buf[PATH_MAX];
    if (!::getcwd(buf, sizeof buf)) return std::string();
    return std::string(buf);
}

std::string logical_current_directory(std::optional<std::string_view> pwd) {
    if (pwd && is_absolute(*pwd)) {
        std::string named(*pwd);
        struct stat there {};
        struct stat here {};
        if (::stat(named.c_str(), &there) == 0 && ::stat(".", &here) == 0 && there.st_ino == here.st_ino &&
            there.st_dev == here.st_dev)
            return named;
    }
    return current_directory();
}

}  // namespace dcc::path
