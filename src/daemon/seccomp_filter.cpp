// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of seccomp_filter.hpp.
#include "daemon/seccomp_filter.hpp"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cstring>

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

#if defined(__x86_64__)
constexpr uint32_t k_arch = AUDIT_ARCH_X86_64;
constexpr bool k_known_arch = true;
#elif defined(__aarch64__)
constexpr uint32_t k_arch = AUDIT_ARCH_AARCH64;
constexpr bool k_known_arch = true;
#else
constexpr uint32_t k_arch = 0;
constexpr bool k_known_arch = false;
#endif

// System calls refused outright with EPERM.
constexpr long k_denied[] = {
    __NR_socket,          __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
    __NR_ptrace,          __NR_process_vm_readv, __NR_process_vm_writev, __NR_keyctl,
    __NR_add_key,         __NR_request_key,    __NR_unshare,        __NR_setns,
    __NR_mount,           __NR_umount2,        __NR_pivot_root,     __NR_open_tree,
    __NR_move_mount,      __NR_fsopen,         __NR_fsconfig,       __NR_fsmount,
    __NR_fspick,          __NR_mount_setattr,  __NR_bpf,            __NR_perf_event_open,
    __NR_userfaultfd,
};

constexpr uint32_t k_namespace_flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC |
                                       CLONE_NEWUTS | CLONE_NEWCGROUP | CLONE_NEWTIME;

sock_filter stmt(uint16_t code, uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) { return BPF_JUMP(code, k, jt, jf); }

}  // namespace

std::vector<sock_filter> sandbox_seccomp_program() {
    if (!k_known_arch) return {};
    constexpr uint32_t errno_eperm = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
    constexpr uint32_t errno_enosys = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);
    std::vector<sock_filter> p;
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, k_arch, 1, 0));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
#if defined(__x86_64__)
    // x32 system calls (the same numbers with bit 30 set) are refused as a whole.
    p.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, errno_eperm));
#endif
    for (long nr : k_denied) {
        p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1));
        p.push_back(stmt(BPF_RET | BPF_K, errno_eperm));
    }
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(__NR_clone3), 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, errno_enosys));
    // clone's flags are its first argument on both architectures (low 32 bits).
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(__NR_clone), 0, 3));
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])));
    p.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, k_namespace_flags, 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, errno_eperm));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    return p;
}

Status install_sandbox_seccomp() {
    std::vector<sock_filter> program = sandbox_seccomp_program();
    if (program.empty()) return {};
    sock_fprog fprog{static_cast<unsigned short>(program.size()), program.data()};
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0)
        return make_error(ExitCode::distcc_failed,
                          strings::format("installing the seccomp filter: %s", std::strerror(errno)));
    return {};
}

}  // namespace dcc::daemon
