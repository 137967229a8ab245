// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of lock_store.hpp (upstream lock.c and timefile.c): fcntl locks on
// `cpu_*` files, mtime marks in `backoff_*` files.  The directory is created lazily,
// only when an open finds it missing, so a normal job costs no mkdir.
#include "client/lock_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

Status make_one_directory(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0777) == 0 || errno == EEXIST) return {};
    return make_error(ExitCode::io_error, strings::format("mkdir '%s' failed: %s", dir.c_str(), std::strerror(errno)));
}

Status set_lock(int fd, short type, int command) {
    struct flock lock{};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0;  // the whole file
    if (::fcntl(fd, command, &lock) == 0) return {};
    return make_error(errno == EAGAIN || errno == EACCES || errno == EWOULDBLOCK ? ExitCode::busy : ExitCode::io_error,
                      std::strerror(errno));
}

}  // namespace

SlotLock& SlotLock::operator=(SlotLock&& other) noexcept {
    if (this != &other) {
        release();
        m_service = other.m_service;
        m_handle = other.m_handle;
        other.m_service = nullptr;
    }
    return *this;
}

void SlotLock::release() {
    if (m_service) m_service->unlock(m_handle);
    m_service = nullptr;
}

void SlotLock::release_to_waiters() {
    if (m_service) m_service->announce_release(m_handle);
    release();
}

LockDirectory::LockDirectory(std::string distcc_dir, bool create_parent)
    : m_distcc_dir(std::move(distcc_dir)), m_dir(path::join(m_distcc_dir, "lock")), m_create_parent(create_parent) {}

Status LockDirectory::make_directory() {
    if (m_distcc_dir.empty()) return make_error(ExitCode::io_error, "no DISTCC_DIR or HOME; cannot use lock files");
    if (m_create_parent) DCC_TRY(make_one_directory(m_distcc_dir));
    return make_one_directory(m_dir);
}

Result<UniqueFd> LockDirectory::open_file(const std::string& name, int flags) {
    std::string file = path::join(m_dir, name);
    UniqueFd fd(::open(file.c_str(), flags | O_CLOEXEC, 0666));
    if (!fd && errno == ENOENT && !m_distcc_dir.empty()) {
        DCC_TRY(make_directory());
        fd.reset(::open(file.c_str(), flags | O_CLOEXEC, 0666));
    }
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("failed to open %s: %s", file.c_str(), std::strerror(errno)));
    return fd;
}

Result<std::optional<int>> LockDirectory::try_lock(const std::string& name) {
    auto fd = open_file(name, O_WRONLY | O_CREAT);
    if (!fd) return std::move(fd).error();
    auto locked = set_lock(fd->get(), F_WRLCK, F_SETLK);
    if (locked) return std::optional<int>(fd->release());
    if (locked.error().code == ExitCode::busy) return std::optional<int>();
    return make_error(ExitCode::io_error, "failed to lock " + name + ": " + locked.error().message);
}

Result<bool> LockService::held_elsewhere(const std::string& name) {
    auto handle = try_lock(name);
    if (!handle) return std::move(handle).error();
    if (!*handle) return true;
    unlock(**handle);
    return false;
}

Result<bool> LockDirectory::held_elsewhere(const std::string& name) {
    std::string file = path::join(m_dir, name);
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd && errno == ENOENT) return false;
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("failed to open %s: %s", file.c_str(), std::strerror(errno)));
    auto locked = set_lock(fd.get(), F_WRLCK, F_SETLK);
    if (locked) {
        (void)set_lock(fd.get(), F_UNLCK, F_SETLK);
        return false;
    }
    if (locked.error().code == ExitCode::busy) return true;
    return make_error(ExitCode::io_error, "failed to lock " + name + ": " + locked.error().message);
}

void LockDirectory::announce_release(int handle) {
    // An IN_ATTRIB event for the directory's watchers; failed lock attempts, which
    // open and close the same files, change no attribute and wake nobody.
    (void)::futimens(handle, nullptr);
}

void LockDirectory::unlock(int handle) {
    // Closing the descriptor drops the lock too; unlocking first is upstream's order.
    (void)set_lock(handle, F_UNLCK, F_SETLK);
    ::close(handle);
}

Result<std::optional<double>> LockDirectory::age_seconds(const std::string& name) {
    std::string file = path::join(m_dir, name);
    struct stat st{};
    if (::stat(file.c_str(), &st) != 0) {
        if (errno == ENOENT) return std::optional<double>();
        return make_error(ExitCode::io_error, strings::format("stat %s failed: %s", file.c_str(), std::strerror(errno)));
    }
    timespec now = clock::realtime();
    double age = static_cast<double>(now.tv_sec - st.st_mtim.tv_sec) +
                 static_cast<double>(now.tv_nsec - st.st_mtim.tv_nsec) / 1e9;
    return std::optional<double>(age);
}

Status LockDirectory::touch(const std::string& name) {
    auto fd = open_file(name, O_WRONLY | O_CREAT | O_TRUNC);
    if (!fd) return std::move(fd).error();
    return io::write_all(fd->get(), "x", 1, io::k_no_timeout);
}

void LockDirectory::remove(const std::string& name) {
    std::string file = path::join(m_dir, name);
    if (::unlink(file.c_str()) != 0 && errno != ENOENT)
        DCC_WARNING("failed to remove %s: %s", file.c_str(), std::strerror(errno));
}

}  // namespace dcc::client
