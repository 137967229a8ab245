// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of hosts_file.hpp.
#include "zeroconf/hosts_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/files.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::zeroconf {
namespace {

Error system_error(const char* what, const std::string& path) {
    return make_error(ExitCode::io_error, strings::format("%s('%s') failed: %s", what, path.c_str(), std::strerror(errno)));
}

// F_SETLK(W) on the whole file; `type` is F_RDLCK, F_WRLCK or F_UNLCK.
int set_lock(int fd, short type, bool wait) {
    struct flock lock{};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    while (true) {
        int rc = ::fcntl(fd, wait ? F_SETLKW : F_SETLK, &lock);
        if (rc == 0 || errno != EINTR) return rc;
    }
}

Result<UniqueFd> open_file(const std::string& path, int flags) {
    UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC, 0666));
    if (!fd) return system_error("open", path);
    return fd;
}

}  // namespace

Result<std::string> zeroconf_dir(const std::string& distcc_dir) {
    std::string dir = path::join(distcc_dir, "zeroconf");
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) return system_error("mkdir", dir);
    return dir;
}

Result<UniqueFd> try_lock(const std::string& lock_path) {
    auto fd = open_file(lock_path, O_RDWR | O_CREAT);
    if (!fd) return fd;
    if (set_lock(fd->get(), F_WRLCK, false) == 0) return fd;
    if (errno == EAGAIN || errno == EACCES) return UniqueFd();
    return system_error("lock", lock_path);
}

Result<UniqueFd> open_hosts_for_writing(const std::string& hosts_path) { return open_file(hosts_path, O_RDWR | O_CREAT); }

Status replace_hosts(int hosts_fd, std::string_view text) {
    if (set_lock(hosts_fd, F_WRLCK, true) != 0)
        return make_error(ExitCode::io_error, strings::format("lock failed: %s", std::strerror(errno)));
    Status written;
    if (::lseek(hosts_fd, 0, SEEK_SET) < 0 || ::ftruncate(hosts_fd, 0) != 0)
        written = make_error(ExitCode::io_error, strings::format("truncating the hosts file failed: %s", std::strerror(errno)));
    else
        written = io::write_all(hosts_fd, text.data(), text.size(), io::k_no_timeout);
    set_lock(hosts_fd, F_UNLCK, true);
    return written;
}

Result<std::string> read_hosts(const std::string& hosts_path) {
    auto fd = open_file(hosts_path, O_RDONLY);
    if (!fd) return std::move(fd).error();
    if (set_lock(fd->get(), F_RDLCK, true) != 0) return system_error("lock", hosts_path);
    struct stat st{};
    if (::fstat(fd->get(), &st) != 0) return system_error("stat", hosts_path);
    if (static_cast<std::size_t>(st.st_size) >= k_max_hosts_file_size)
        return make_error(ExitCode::io_error, hosts_path + ": file too large.");
    auto text = files::read_fd(fd->get(), k_max_hosts_file_size);
    // Mark the file as read even where the mount's relatime would not (reading alone
    // updates the access time only once after each rewrite); the browser exits after
    // 20 s without readers.  Failure only means an earlier restart of the browser.
    const struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    if (::futimens(fd->get(), times) != 0) DCC_DEBUG("cannot mark %s as read: %s", hosts_path.c_str(), std::strerror(errno));
    return text;  // closing the descriptor releases the lock
}

Result<long> seconds_unused(int hosts_fd, std::time_t since) {
    struct stat st{};
    if (::fstat(hosts_fd, &st) != 0)
        return make_error(ExitCode::io_error, strings::format("fstat() failed: %s", std::strerror(errno)));
    std::time_t now = std::time(nullptr);
    std::time_t last = std::max(st.st_atime, since);
    return static_cast<long>(now > last ? now - last : 0);
}

}  // namespace dcc::zeroconf
