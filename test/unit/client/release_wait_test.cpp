// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/release_wait.cpp against a real lock directory: a slot
// released after a job (SlotLock::release_to_waiters) wakes a waiting client at
// once, the open and close of a failed lock attempt does not, and without a
// directory to watch the wait is a plain sleep of the given time.
#include "client/release_wait.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "client/lock_store.hpp"
#include "common/clock.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;

namespace {

double timed_wait(ReleaseWaiter& waiter, int ms) {
    double start = clock::monotonic_seconds();
    waiter.wait_for_release(ms);
    return clock::monotonic_seconds() - start;
}

}  // namespace

TEST(ReleaseWaiter, AReleaseAfterAJobWakesTheWaiter) {
    test_support::ScratchDir dir;
    LockDirectory locks(dir.path(), false);
    auto handle = locks.try_lock("cpu_tcp_a_3632_0");
    ASSERT_TRUE(handle.ok() && handle->has_value());
    SlotLock lock(&locks, **handle);
    ReleaseWaiter waiter(dir.file("lock"));
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        lock.release_to_waiters();
    });
    double waited = timed_wait(waiter, 5000);
    releaser.join();
    EXPECT_FALSE(lock.held());
    EXPECT_LT(waited, 2.5) << "woken by the release, not by the 5 s bound";
}

TEST(ReleaseWaiter, FailedLockAttemptsAndPlainReleasesWakeNobody) {
    test_support::ScratchDir dir;
    LockDirectory locks(dir.path(), false);
    auto handle = locks.try_lock("cpu_tcp_a_3632_0");
    ASSERT_TRUE(handle.ok() && handle->has_value());
    ReleaseWaiter waiter(dir.file("lock"));
    std::thread other([&] {
        // What a failed attempt does to the file: open for writing, close.
        int fd = ::open(dir.file("lock/cpu_tcp_a_3632_0").c_str(), O_WRONLY | O_CLOEXEC);
        if (fd >= 0) ::close(fd);
        locks.unlock(**handle);  // a slot given back by a pass, not after a job
    });
    double waited = timed_wait(waiter, 300);
    other.join();
    EXPECT_GE(waited, 0.25);
}

TEST(ReleaseWaiter, WithoutALockDirectoryItSleepsTheWholeTime) {
    test_support::ScratchDir dir;
    ReleaseWaiter waiter(dir.file("missing/lock"));
    double waited = timed_wait(waiter, 100);
    EXPECT_GE(waited, 0.09);
    EXPECT_LT(waited, 2.0);
}
