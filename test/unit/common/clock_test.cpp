// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/clock.cpp: the clocks run, agree with each other and are sane.
#include "common/clock.hpp"

#include <gtest/gtest.h>

using namespace dcc;

TEST(Clock, MonotonicAdvancesAndAgrees) {
    int64_t a = clock::monotonic_ms();
    double s = clock::monotonic_seconds();
    int64_t b = clock::monotonic_ms();
    EXPECT_LE(a, b);
    EXPECT_NEAR(s * 1000.0, static_cast<double>(a), 1000.0);
    EXPECT_GT(clock::realtime().tv_sec, 1600000000);  // after 2020
    EXPECT_GE(clock::thread_cpu_ns(), 0);
}
