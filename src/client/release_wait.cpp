// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of release_wait.hpp.
#include "client/release_wait.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>

#include "common/clock.hpp"

namespace dcc::client {

ReleaseWaiter::ReleaseWaiter(std::string lock_dir) : m_lock_dir(std::move(lock_dir)) { (void)watch(); }

bool ReleaseWaiter::watch() {
    if (m_inotify) return true;
    if (m_lock_dir.empty()) return false;
    UniqueFd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!fd || ::inotify_add_watch(fd.get(), m_lock_dir.c_str(), IN_ATTRIB) < 0) return false;
    m_inotify = std::move(fd);
    return true;
}

void ReleaseWaiter::wait_for_release(int milliseconds) {
    if (!watch()) {
        pause(milliseconds);
        return;
    }
    double deadline = clock::monotonic_seconds() + milliseconds / 1000.0;
    pollfd p{m_inotify.get(), POLLIN, 0};
    while (true) {
        int left = static_cast<int>((deadline - clock::monotonic_seconds()) * 1000);
        if (left <= 0) return;
        int ready = ::poll(&p, 1, left);
        if (ready > 0) break;
        if (ready < 0 && errno != EINTR) {
            pause(left);
            return;
        }
        if (ready == 0) return;
    }
    // Drain what has arrived: one pass of the choice answers every release so far.
    alignas(inotify_event) char buf[4096];
    while (::read(m_inotify.get(), buf, sizeof buf) > 0) {}
}

}  // namespace dcc::client
