// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of link_directory.hpp.
#include "tools/update_distcc_symlinks/link_directory.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::tools::update_distcc_symlinks {
namespace {

Error failure(const char* what, const std::string& path) {
    return make_error(ExitCode::io_error, strings::format("%s %s failed: %s", what, path.c_str(), std::strerror(errno)));
}

EntryKind classify(const std::string& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return EntryKind::other;
    return path::is_executable_file(path) ? EntryKind::working_link : EntryKind::dangling_link;
}

Status enter_or_create(const std::string& dir) {
    if (::access(dir.c_str(), X_OK) == 0) return {};
    if (::mkdir(dir.c_str(), 0755) != 0) return failure("mkdir", dir);
    return {};
}

Result<std::vector<std::string>> list_entries(const std::string& dir) {
    DIR* handle = ::opendir(dir.c_str());
    if (!handle) return failure("opendir", dir);
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(handle)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(handle);
    return names;
}

}  // namespace

std::vector<std::string> DiskCompilerView::entries(const std::string& dir) const {
    auto names = list_entries(dir);
    return names ? std::move(*names) : std::vector<std::string>();
}

bool DiskCompilerView::is_executable(const std::string& path) const { return path::is_executable_file(path); }

Result<std::vector<DirectoryEntry>> read_directory(const std::string& dir) {
    DCC_TRY(enter_or_create(dir));
    auto names = list_entries(dir);
    if (!names) return std::move(names).error();
    std::vector<DirectoryEntry> entries;
    for (std::string& name : *names) {
        EntryKind kind = classify(path::join(dir, name));
        entries.push_back(DirectoryEntry{std::move(name), kind});
    }
    return entries;
}

Status apply_plan(const std::string& dir, const LinkPlan& plan, const std::string& link_target,
                  const std::function<void(const std::string&)>& report) {
    for (const std::string& name : plan.remove) {
        std::string link = path::join(dir, name);
        report("Removing " + link);
        if (::unlink(link.c_str()) != 0 && errno != ENOENT) return failure("unlink", link);
    }
    for (const std::string& name : plan.add) {
        std::string link = path::join(dir, name);
        report("Adding " + link);
        if (::symlink(link_target.c_str(), link.c_str()) != 0) return failure("symlink", link);
    }
    return {};
}

std::string distcc_link_target(const std::string& bindir, const std::string& prefix_libdir) {
    if (path::basename(prefix_libdir) == "lib" && bindir == path::join(path::dirname(prefix_libdir), "bin"))
        return "../../bin/distcc";
    return path::join(bindir, "distcc");
}

}  // namespace dcc::tools::update_distcc_symlinks
