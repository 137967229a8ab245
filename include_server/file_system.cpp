// SPDX-License-Identifier: GPL-2.0-or-later
// PosixFileSystem: the file_system.hpp seam over the system calls.
#include "include_server/file_system.hpp"

#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "common/cleanup.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"

namespace dcc::include_server {
namespace {

Error errno_error(const char* what, const std::string& path, int err) {
    return make_error(ExitCode::io_error, strings::format("%s '%s': %s", what, path.c_str(), std::strerror(err)));
}

// A name no client asks for: the mirror only ever returns paths that end in .lzo,
// .lzo.abs, placeholders and links.
std::string temporary_name(const std::string& path) {
    static std::atomic<unsigned long> counter{0};
    return strings::format("%s.tmp-%ld-%lu", path.c_str(), static_cast<long>(getpid()), ++counter);
}

}  // namespace

FileType PosixFileSystem::probe(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return FileType::absent;
    if (S_ISREG(st.st_mode)) return FileType::regular;
    if (!S_ISLNK(st.st_mode)) return FileType::other;
    if (::stat(path.c_str(), &st) != 0) return FileType::other;
    return S_ISREG(st.st_mode) ? FileType::regular_via_symlink : FileType::other;
}

bool PosixFileSystem::is_directory(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool PosixFileSystem::is_symlink(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

bool PosixFileSystem::exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

Canonical PosixFileSystem::realpath(const std::string& path) {
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer)) return Canonical{buffer, 0};
    return Canonical{std::string(), errno};
}

Result<std::string> PosixFileSystem::read_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    // Worded like Python's OSError, which upstream's messages quote.
    if (!fd)
        return make_error(ExitCode::io_error,
                          strings::format("[Errno %d] %s: '%s'", errno, std::strerror(errno), path.c_str()));
    return files::read_fd(fd.get(), std::size_t(1) << 31);
}

std::vector<std::string> PosixFileSystem::glob(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t found{};
    if (::glob(pattern.c_str(), 0, nullptr, &found) == 0)
        for (std::size_t i = 0; i < found.gl_pathc; ++i) out.emplace_back(found.gl_pathv[i]);
    globfree(&found);
    return out;  // glob(3) sorts unless GLOB_NOSORT
}

Status PosixFileSystem::make_directories(const std::string& path) {
    if (path.empty()) return {};
    std::size_t pos = 1;
    while (pos <= path.size()) {
        std::size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        std::string prefix = path.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) return errno_error("cannot create", prefix, errno);
        pos = slash + 1;
    }
    if (!is_directory(path)) return errno_error("cannot create", path, ENOTDIR);
    return {};
}

Status PosixFileSystem::make_symlink(const std::string& target, const std::string& link) {
    if (::symlink(target.c_str(), link.c_str()) != 0) return errno_error("cannot create symlink", link, errno);
    return {};
}

Status PosixFileSystem::write_file(const std::string& path, std::string_view data) {
    std::string temporary = temporary_name(path);
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
    if (!fd) return errno_error("cannot create", temporary, errno);
    Status written = io::write_all(fd.get(), data.data(), data.size(), io::k_no_timeout);
    if (!written.ok() || ::close(fd.release()) != 0) {
        ::unlink(temporary.c_str());
        return written.ok() ? errno_error("cannot write", temporary, errno) : written;
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(temporary.c_str());
        return errno_error("cannot rename to", path, err);
    }
    return {};
}

Status PosixFileSystem::touch(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666));
    if (!fd) return errno_error("cannot create", path, errno);
    return {};
}

void PosixFileSystem::remove_tree(const std::string& path) { cleanup::remove_tree(path.c_str()); }

}  // namespace dcc::include_server
