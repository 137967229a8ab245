// SPDX-License-Identifier: GPL-2.0-or-later
// The clocks every program reads, in one place: a monotonic clock for timeouts,
// deadlines and durations; the wall clock for file ages and log stamps; and the
// calling thread's CPU time (the include server's per-request quota).  Nothing else
// calls clock_gettime or gettimeofday.
#pragma once

#include <time.h>

#include <cstdint>

namespace dcc::clock {

// Milliseconds on CLOCK_MONOTONIC: for deadlines and elapsed times.
int64_t monotonic_ms();

// Seconds on CLOCK_MONOTONIC with the fraction, for durations reported as seconds.
double monotonic_seconds();

// The wall clock (CLOCK_REALTIME), for comparing with file times and stamping logs.
timespec realtime();

// Nanoseconds of CPU time the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
int64_t thread_cpu_ns();

}  // namespace dcc::clock
