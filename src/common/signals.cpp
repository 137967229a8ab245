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

void on_fatal_signal(int sig) {
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
