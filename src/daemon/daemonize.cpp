// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of daemonize.hpp (upstream dcc_detach / dcc_save_pid).
#include "daemon/daemonize.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/files.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

char g_pid_file[4096];

// Remember the path for remove_pid_file() (in the process that keeps running).
Status remember_pid_file(const std::string& pid_file) {
    if (pid_file.size() >= sizeof g_pid_file)
        return make_error(ExitCode::bad_arguments, "pid file name is too long: " + pid_file);
    std::memcpy(g_pid_file, pid_file.c_str(), pid_file.size() + 1);
    return {};
}

Status write_pid(const std::string& pid_file, pid_t pid) {
    if (pid_file.empty()) return {};
    return files::write_file(pid_file, strings::format("%ld\n", static_cast<long>(pid)), 0644);
}

void redirect_standard_fds_to_null() {
    int null = ::open("/dev/null", O_RDWR);
    if (null < 0) return;
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    if (null > 2) ::close(null);
}

}  // namespace

Status become_daemon(Detach detach, const std::string& pid_file) {
    DCC_TRY(remember_pid_file(pid_file));
    if (detach == Detach::no) {
        ::setpgid(0, 0);  // fails harmlessly when already a session leader
        return write_pid(pid_file, ::getpid());
    }
    ::signal(SIGHUP, SIG_IGN);
    pid_t child = ::fork();
    if (child < 0) return make_error(ExitCode::distcc_failed, strings::format("fork failed: %s", std::strerror(errno)));
    if (child > 0) {
        Status written = write_pid(pid_file, child);
        ::_exit(written ? 0 : to_int(written.error().code));
    }
    ::setsid();
    redirect_standard_fds_to_null();
    return {};
}

void remove_pid_file() {
    if (g_pid_file[0]) ::unlink(g_pid_file);
}

}  // namespace dcc::daemon
