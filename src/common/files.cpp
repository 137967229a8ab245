// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of files.hpp.
#include "common/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/cleanup.hpp"
#include "common/fd.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"

namespace dcc::files {

Result<std::string> read_fd(int fd, std::size_t max_size) {
    std::string out;
    struct stat st{};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if (static_cast<unsigned long long>(st.st_size) > max_size)
            return make_error(ExitCode::io_error, strings::format("file of %lld bytes exceeds the limit of %zu",
                                                                  static_cast<long long>(st.st_size), max_size));
        out.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buf[65536];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return make_error(ExitCode::io_error, strings::format("read failed: %s", std::strerror(errno)));
        if (n == 0) break;
        if (out.size() + static_cast<std::size_t>(n) > max_size)
            return make_error(ExitCode::io_error, strings::format("file exceeds the limit of %zu bytes", max_size));
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

Result<std::string> read_file(const std::string& path, std::size_t max_size) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return make_error(errno == ENOENT ? ExitCode::no_such_file : ExitCode::io_error,
                          strings::format("failed to open %s: %s", path.c_str(), std::strerror(errno)));
    auto data = read_fd(fd.get(), max_size);
    if (!data) return make_error(data.error().code, path + ": " + data.error().message);
    return data;
}

Status write_file(const std::string& path, std::string_view data, mode_t mode) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("failed to open %s for writing: %s", path.c_str(),
                                                              std::strerror(errno)));
    auto written = io::write_all(fd.get(), data.data(), data.size(), io::k_no_timeout);
    if (!written) return make_error(ExitCode::io_error, path + ": " + written.error().message);
    if (::close(fd.release()) != 0)
        return make_error(ExitCode::io_error, strings::format("failed to close %s: %s", path.c_str(), std::strerror(errno)));
    return {};
}

Status write_file_atomic(const std::string& path, std::string_view data, mode_t mode) {
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return write_file(path, data, mode);
    std::string temp = strings::format("%s.tmp-%ld", path.c_str(), static_cast<long>(::getpid()));
    cleanup::add(temp);  // a fatal signal while writing must not leave it behind
    auto written = write_file(temp, data, mode);
    if (!written) {
        ::unlink(temp.c_str());
        cleanup::forget(temp);
        return written;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temp.c_str());
        cleanup::forget(temp);
        return make_error(ExitCode::io_error,
                          strings::format("failed to rename %s to %s: %s", temp.c_str(), path.c_str(), std::strerror(saved)));
    }
    cleanup::forget(temp);
    return {};
}

bool exists(const std::string& path) {
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace dcc::files
