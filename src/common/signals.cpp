// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of signals.hpp.
#include "common/signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "common/cleanup.hpp"

namespace dcc::signals {
namespace {

std::atomic<Hook> g_hook{nullptr};

void write_number(int fd, int value) {
    char digits[16];
    int n = 0;
    if (value == 0) digits[n++] = '0';
    while (value > 0 && n < 15) {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    char out[16];
    for (int i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
    (void)!::write(fd, out, static_cast<size_t>(n));
}

void on_fatal_signal(int sig) {
    static const char prefix[] = "terminated by signal ";
    (void)!::write(STDERR_FILENO, prefix, sizeof prefix - 1);
    write_number(STDERR_FILENO, sig);
    (void)!::write(STDERR_FILENO, "\n", 1);
    cleanup::run_signal_safe();
    if (Hook hook = g_hook.load()) hook(sig);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

}  // namespace

void install_termination_handlers(Hook hook, CatchAlarm alarm) {
    g_hook.store(hook);
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    if (alarm == CatchAlarm::yes) sigaction(SIGALRM, &sa, nullptr);
}

void ignore_sigpipe() { ::signal(SIGPIPE, SIG_IGN); }

static void noop_handler(int) {}

void install_noop_sigchld() {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = noop_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: waits must wake up
    sigaction(SIGCHLD, &sa, nullptr);
}

}  // namespace dcc::signals
