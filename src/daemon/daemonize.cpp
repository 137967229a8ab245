// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of daemonize.hpp (upstream dcc_detach / dcc_save_pid).
#include "daemon/daemonize.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fd.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

char g_pid_file[4096];

// Remember the path for remove_pid_file() (in the process that keeps running).
void remember_pid_file(const std::string& pid_file) {
    std::memcpy(g_pid_file, pid_file.c_str(), pid_file.size() + 1);
}

// Opened before any fork, so that the process that goes on serving knows whether
// the file is its own to remove.  A file that cannot be opened is logged in 3.4's
// words and the daemon serves anyway (Debian's init script relies on that).
UniqueFd open_pid_file(const std::string& pid_file) {
    if (pid_file.empty()) return UniqueFd();
    UniqueFd fd(::open(pid_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) DCC_ERROR("failed to open pid file: %s: %s", pid_file.c_str(), std::strerror(errno));
    return fd;
}

void write_pid(UniqueFd fd, const std::string& pid_file, pid_t pid) {
    if (!fd) return;
    auto written = io::write_all(fd.get(), strings::format("%ld\n", static_cast<long>(pid)), io::k_no_timeout);
    if (!written) DCC_ERROR("failed to write pid file %s: %s", pid_file.c_str(), written.error().message.c_str());
}

void redirect_standard_fds_to_null() {
    int null = ::open("/dev/null", O_RDWR);
    if (null < 0) return;
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    if (null > 2) ::close(null);
}

}  // namespace

Status become_daemon(Detach detach, const std::string& pid_file) {
    if (pid_file.size() >= sizeof g_pid_file)
        return make_error(ExitCode::bad_arguments, "pid file name is too long: " + pid_file);
    UniqueFd pid_fd = open_pid_file(pid_file);
    if (pid_fd) remember_pid_file(pid_file);
    if (detach == Detach::no) {
        ::setpgid(0, 0);  // fails harmlessly when already a session leader
        write_pid(std::move(pid_fd), pid_file, ::getpid());
        return {};
    }
    ::signal(SIGHUP, SIG_IGN);
    pid_t child = ::fork();
    if (child < 0) return make_error(ExitCode::distcc_failed, strings::format("fork failed: %s", std::strerror(errno)));
    if (child > 0) {
        write_pid(std::move(pid_fd), pid_file, child);
        ::_exit(0);
    }
    pid_fd.reset();
    ::setsid();
    redirect_standard_fds_to_null();
    return {};
}

void remove_pid_file() {
    if (g_pid_file[0]) ::unlink(g_pid_file);
}

}  // namespace dcc::daemon
