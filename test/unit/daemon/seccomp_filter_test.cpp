// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/seccomp_filter.cpp: the program's shape, and (in a child
// process, which keeps the filter to itself) that it refuses what it should and lets
// the rest through.
#include "daemon/seccomp_filter.hpp"

#include <gtest/gtest.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

using namespace dcc::daemon;

TEST(SeccompProgram, ChecksTheArchitectureFirstAndAllowsLast) {
    std::vector<sock_filter> p = sandbox_seccomp_program();
    if (p.empty()) GTEST_SKIP() << "no filter for this architecture";
    EXPECT_EQ(p.front().code, BPF_LD | BPF_W | BPF_ABS);
    EXPECT_EQ(p.front().k, offsetof(seccomp_data, arch));
    EXPECT_EQ(p[2].code, BPF_RET | BPF_K);
    EXPECT_EQ(p[2].k, static_cast<uint32_t>(SECCOMP_RET_KILL_PROCESS));
    EXPECT_EQ(p.back().code, BPF_RET | BPF_K);
    EXPECT_EQ(p.back().k, static_cast<uint32_t>(SECCOMP_RET_ALLOW));
    EXPECT_LT(p.size(), 256u);
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (BPF_CLASS(p[i].code) != BPF_JMP) continue;
        EXPECT_LT(i + 1 + p[i].jt, p.size());
        EXPECT_LT(i + 1 + p[i].jf, p.size());
    }
}

namespace {

// Runs `probe` in a child under the filter; the child's exit code.
template <typename Probe>
int under_filter(Probe probe) {
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !install_sandbox_seccomp()) ::_exit(99);
        ::_exit(probe());
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST(SeccompFilter, RefusesSocketsNamespacesAndMountsAndAllowsTheRest) {
    if (sandbox_seccomp_program().empty()) GTEST_SKIP() << "no filter for this architecture";
    EXPECT_EQ(under_filter([] { return ::socket(AF_UNIX, SOCK_STREAM, 0) < 0 && errno == EPERM ? 0 : 1; }), 0);
    EXPECT_EQ(under_filter([] { return ::socket(AF_INET, SOCK_DGRAM, 0) < 0 && errno == EPERM ? 0 : 1; }), 0);
    EXPECT_EQ(under_filter([] { return ::unshare(CLONE_NEWUSER) < 0 && errno == EPERM ? 0 : 1; }), 0);
    EXPECT_EQ(under_filter([] {
                  long r = ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
                  if (r == 0) ::_exit(5);
                  return r < 0 && errno == EPERM ? 0 : 1;
              }),
              0);
    EXPECT_EQ(under_filter([] { return ::syscall(SYS_clone3, nullptr, 0) < 0 && errno == ENOSYS ? 0 : 1; }), 0);
    // What compilers do: pipes, socket pairs, fork and exec.
    EXPECT_EQ(under_filter([] {
                  int sv[2];
                  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
                  pid_t child = ::fork();
                  if (child == 0) {
                      ::execl("/bin/true", "true", nullptr);
                      ::_exit(2);
                  }
                  int status = 0;
                  ::waitpid(child, &status, 0);
                  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
              }),
              0);
}
