// SPDX-License-Identifier: GPL-2.0-or-later
// The real Pauser of the load-aware choice (doc/client.md §8.1): a client waiting
// for a better host sleeps until another client on this machine releases a slot
// after its job, instead of polling.  Releases are announced by touching the slot's
// lock file (LockDirectory::announce_release); this watches $DISTCC_DIR/lock with
// inotify for that change of attributes, with the caller's time as the bound
// (distcc 3.4 clients announce nothing, nor do other machines: the bound covers
// them).  Without inotify it sleeps as SleepPauser.
#pragma once

#include <string>

#include "client/slots.hpp"
#include "common/fd.hpp"

namespace dcc::client {

class ReleaseWaiter final : public SleepPauser {
public:
    // Watches `lock_dir` from now on, so that no release after this is missed (a
    // directory that does not exist yet is watched from the first wait).
    explicit ReleaseWaiter(std::string lock_dir);
    void wait_for_release(int milliseconds) override;

private:
    bool watch();

    std::string m_lock_dir;
    UniqueFd m_inotify;
};

}  // namespace dcc::client
