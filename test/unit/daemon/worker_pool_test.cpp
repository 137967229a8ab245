// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the dispatcher's worker bookkeeping (src/daemon/worker_pool.hpp): only
// idle workers get requests, a busy one is free again after its report, and one that
// retires or whose channel closed gets nothing until its successor starts.
#include "daemon/worker_pool.hpp"

#include <gtest/gtest.h>

using dcc::daemon::WorkerPool;

TEST(WorkerPool, NoWorkBeforeWorkersStart) {
    WorkerPool pool(2);
    EXPECT_FALSE(pool.idle_slot());
    pool.started(1);
    EXPECT_EQ(pool.idle_slot(), 1u);
}

TEST(WorkerPool, AtMostOneRequestPerWorkerUntilItReports) {
    WorkerPool pool(3);
    for (std::size_t slot = 0; slot < 3; ++slot) pool.started(slot);
    std::vector<std::size_t> given;
    while (auto slot = pool.idle_slot()) {
        pool.assigned(*slot);
        given.push_back(*slot);
    }
    EXPECT_EQ(given, (std::vector<std::size_t>{0, 1, 2}));  // --jobs 3: three compiles, no more
    pool.reported(1, false);
    EXPECT_EQ(pool.idle_slot(), 1u);
    EXPECT_EQ(pool.state(0), WorkerPool::State::busy);
}

TEST(WorkerPool, RetiringAndLostWorkersGetNothingUntilReplaced) {
    WorkerPool pool(2);
    pool.started(0);
    pool.started(1);
    pool.assigned(0);
    pool.reported(0, true);  // worn out: exits after this report
    EXPECT_EQ(pool.idle_slot(), 1u);
    pool.lost(1);  // its channel closed
    EXPECT_FALSE(pool.idle_slot());
    pool.started(0);  // SIGCHLD: the successor
    EXPECT_EQ(pool.idle_slot(), 0u);
}
