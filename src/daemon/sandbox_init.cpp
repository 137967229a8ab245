// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sandbox_init.hpp.  Runs as PID 1 of the sandbox's PID namespace,
// with every capability of its new user namespace until enter() is done.  Errors
// during setup are reported to the worker as text; the process then exits.
#include "daemon/sandbox_init.hpp"

#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/strings.hpp"
#include "daemon/sandbox_protocol.hpp"
#include "daemon/seccomp_filter.hpp"

namespace dcc::daemon {
namespace {

namespace sp = sandbox_protocol;

constexpr int k_socket_fd = 3;

Error failed(const std::string& what) {
    return make_error(ExitCode::distcc_failed, strings::format("%s: %s", what.c_str(), std::strerror(errno)));
}

void send_report(sp::ReportKind kind, int value, int survivors, const std::string& text) {
    sp::Report report{};
    report.kind = kind;
    report.value = value;
    report.survivors = survivors;
    std::strncpy(report.text, text.c_str(), sizeof report.text - 1);
    const char* p = reinterpret_cast<const char*>(&report);
    std::size_t left = sizeof report;
    while (left > 0) {
        ssize_t n = ::send(k_socket_fd, p, left, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(1);  // the worker is gone
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// Nothing of the worker's but the socket: its signal handlers would remove the job
// directory, its descriptors include the listening socket and the client's.
void leave_the_worker(int socket_fd) {
    struct sigaction to_default{};
    to_default.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &to_default, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (socket_fd != k_socket_fd && ::dup3(socket_fd, k_socket_fd, O_CLOEXEC) != k_socket_fd) ::_exit(1);
    ::close_range(k_socket_fd + 1, ~0U, 0);
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) ::_exit(1);
    for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
    ::close(null);
    ::prctl(PR_SET_NAME, "distccd-sandbox", 0, 0, 0);
}

Status write_proc_file(const char* path, const std::string& text) {
    UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        return failed(strings::format("writing %s", path));
    return {};
}

// The daemon's uid and gid are the only ones inside, unchanged: files the compiler
// creates belong to the daemon's user.
Status map_ids(uid_t uid, gid_t gid) {
    DCC_TRY(write_proc_file("/proc/self/uid_map", strings::format("%u %u 1\n", uid, uid)));
    DCC_TRY(write_proc_file("/proc/self/setgroups", "deny"));
    return write_proc_file("/proc/self/gid_map", strings::format("%u %u 1\n", gid, gid));
}

// The view of plan_mounts() (sandbox_plan.hpp).
Status mount_all(const std::vector<MountStep>& steps) {
    UniqueFd copy;
    for (const MountStep& step : steps) {
        switch (step.kind) {
        case MountStep::Kind::make_private:
            if (::mount(nullptr, step.target.c_str(), nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
                return failed("making " + step.target + " private");
            break;
        case MountStep::Kind::detach_copy:
            copy.reset(static_cast<int>(
                ::syscall(SYS_open_tree, AT_FDCWD, step.source.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)));
            if (!copy) return failed("copying the mount of " + step.source);
            break;
        case MountStep::Kind::make_read_only: {
            struct mount_attr attr{};
            attr.attr_set = MOUNT_ATTR_RDONLY;
            if (::syscall(SYS_mount_setattr, AT_FDCWD, step.target.c_str(), AT_RECURSIVE, &attr, sizeof attr) != 0)
                return failed("making " + step.target + " read-only");
            break;
        }
        case MountStep::Kind::attach_copy:
            if (::syscall(SYS_move_mount, copy.get(), "", AT_FDCWD, step.target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
                return failed("mounting the job directory on " + step.target);
            copy.reset();
            break;
        case MountStep::Kind::mount_proc:
            if (::mount("proc", step.target.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0) break;
            // A host /proc with parts masked (containers) refuses a new procfs to an
            // unprivileged user: then an empty, read-only one, still hiding the host's.
            if (::mount("none", step.target.c_str(), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                        "size=4k") != 0)
                return failed("mounting " + step.target);
            break;
        }
    }
    return {};
}

// The limits of sandbox_plan.hpp as each compiler gets them: set in the child just
// before exec (exec::SpawnOptions::before_exec), not here -- a sanitizer-built
// daemon's address space alone is larger than RLIMIT_AS allows.
struct ChildLimits {
    struct Limit {
        int resource;
        struct rlimit value;
    };
    Limit limits[5];
};
ChildLimits g_child_limits;

// Never raise a limit the daemon was started with.
Status compute_limits(const SandboxLimits& wanted) {
    const ChildLimits::Limit all[] = {{RLIMIT_CPU, {wanted.cpu_seconds, 0}},
                                      {RLIMIT_AS, {wanted.address_space, 0}},
                                      {RLIMIT_FSIZE, {wanted.file_size, 0}},
                                      {RLIMIT_NPROC, {wanted.processes, 0}},
                                      {RLIMIT_CORE, {wanted.core_size, 0}}};
    static_assert(std::size(all) == std::size(g_child_limits.limits));
    for (std::size_t i = 0; i < std::size(all); ++i) {
        struct rlimit current{};
        if (::getrlimit(all[i].resource, &current) != 0) return failed("getrlimit");
        rlim_t value = all[i].value.rlim_cur;
        if (current.rlim_max != RLIM_INFINITY && current.rlim_max < value) value = current.rlim_max;
        g_child_limits.limits[i] = {all[i].resource, {value, value}};
    }
    return {};
}

bool apply_child_limits(const void*) {
    for (const ChildLimits::Limit& l : g_child_limits.limits)
        if (::setrlimit(l.resource, &l.value) != 0) return false;
    return true;
}

Status drop_capabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capset, &header, data) != 0) return failed("dropping capabilities");
    return {};
}

Status enter(const Sandbox::Settings& settings, uid_t uid, gid_t gid) {
    DCC_TRY(map_ids(uid, gid));
    DCC_TRY(mount_all(plan_mounts(settings.layout)));
    if (::chdir(settings.layout.inside_dir.c_str()) != 0) return failed("chdir to " + settings.layout.inside_dir);
    DCC_TRY(compute_limits(settings.limits));
    // No set-id or file-capability gains for anything started from here, no ptrace of
    // this process by the compilers (same uid), the system calls of
    // seccomp_filter.hpp refused, and no capabilities left to use.
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return failed("PR_SET_NO_NEW_PRIVS");
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return failed("PR_SET_DUMPABLE");
    DCC_TRY(install_sandbox_seccomp());
    return drop_capabilities();
}

// Read exactly `size` bytes; false at EOF or on an error (the worker is gone).
bool read_exactly(char* p, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::read(k_socket_fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

struct Launch {
    std::string cwd;  // empty: the sandbox's own
    std::string program;
    std::vector<std::string> argv;
    UniqueFd fds[3];
};

// The next launch request; false when the worker closed its end.
bool receive_launch(Launch& launch) {
    sp::LaunchHeader header{};
    alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))];
    iovec iov{&header, sizeof header};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do n = ::recvmsg(k_socket_fd, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int fds[3] = {-1, -1, -1};
        std::memcpy(fds, CMSG_DATA(c), (count < 3 ? count : 3) * sizeof(int));
        for (std::size_t i = 0; i < 3; ++i) launch.fds[i].reset(fds[i]);
    }
    if (static_cast<std::size_t>(n) < sizeof header &&
        !read_exactly(reinterpret_cast<char*>(&header) + n, sizeof header - static_cast<std::size_t>(n)))
        return false;
    if (header.magic != sp::k_launch_magic || header.size > sp::k_max_launch_size) return false;
    std::string words(header.size, '\0');
    if (!read_exactly(words.data(), words.size())) return false;
    launch.argv.clear();
    for (std::size_t start = 0; start < words.size();) {
        std::size_t end = words.find('\0', start);
        if (end == std::string::npos) return false;
        launch.argv.emplace_back(words, start, end - start);
        start = end + 1;
    }
    if (launch.argv.size() < 3) return false;
    launch.cwd = std::move(launch.argv[0]);
    launch.program = std::move(launch.argv[1]);
    launch.argv.erase(launch.argv.begin(), launch.argv.begin() + 2);
    return true;
}

// After the compiler exited: kill whatever of the job still runs (every process of
// this PID namespace but this one) and reap it all.  True when anything was left.
bool end_the_job() {
    bool survivors = ::kill(-1, 0) == 0;
    if (survivors) ::kill(-1, SIGKILL);
    while (true) {
        pid_t pid = ::waitpid(-1, nullptr, survivors ? 0 : WNOHANG);
        if (pid > 0) continue;
        if (pid < 0 && errno == EINTR) continue;
        break;  // ECHILD: nothing left; 0: nothing more has exited (and nothing survived)
    }
    return survivors;
}

[[noreturn]] void serve(const Sandbox::Settings& settings) {
    std::vector<char*> envp;
    for (const std::string& entry : settings.environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    Launch launch;
    while (receive_launch(launch)) {
        exec::SpawnOptions options;
        options.stdin_fd = launch.fds[0].get();
        options.stdout_fd = launch.fds[1].get();
        options.stderr_fd = launch.fds[2].get();
        options.new_process_group = true;
        options.envp = envp.data();
        options.search_path = false;
        options.program = launch.program;
        options.cwd = launch.cwd;
        options.before_exec = apply_child_limits;
        auto pid = exec::spawn(launch.argv, options);
        for (UniqueFd& fd : launch.fds) fd.reset();
        if (!pid) {
            send_report(sp::ReportKind::spawn_failed, 0, 0, pid.error().message);
            continue;
        }
        send_report(sp::ReportKind::started, *pid, 0, "");
        auto status = exec::wait_for(*pid);
        int wait_status = status ? *status : 0;
        bool survivors = end_the_job();
        send_report(sp::ReportKind::exited, wait_status, survivors ? 1 : 0, "");
    }
    ::_exit(0);
}

}  // namespace

void run_sandbox_init(int socket_fd, const Sandbox::Settings& settings, uid_t uid, gid_t gid) {
    leave_the_worker(socket_fd);
    if (Status entered = enter(settings, uid, gid); !entered) {
        send_report(sp::ReportKind::setup_failed, errno, 0, entered.error().message);
        ::_exit(1);
    }
    send_report(sp::ReportKind::ready, 0, 0, "");
    serve(settings);
}

}  // namespace dcc::daemon
