// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of clock.hpp.
#include "common/clock.hpp"

namespace dcc::clock {
namespace {

timespec read(clockid_t id) {
    timespec ts{};
    ::clock_gettime(id, &ts);
    return ts;
}

}  // namespace

int64_t monotonic_ms() {
    timespec ts = read(CLOCK_MONOTONIC);
    return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

double monotonic_seconds() {
    timespec ts = read(CLOCK_MONOTONIC);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

timespec realtime() { return read(CLOCK_REALTIME); }

int64_t thread_cpu_ns() {
    timespec ts = read(CLOCK_THREAD_CPUTIME_ID);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace dcc::clock
