// SPDX-License-Identifier: GPL-2.0-or-later
// The statistics of --stats (doc/daemon.md §13): counters per job category, the
// longest job, average concurrency, recent completions, and the plain-text HTTP
// report served on the statistics port.  The collector lives in the main process
// and is fed the JobOutcome of every job plus the clock; it reads no files (the
// machine's load, memory and disks come in a SystemSample, system_stats.hpp), so
// tests drive it with a fake clock.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "daemon/job_summary.hpp"

namespace dcc::daemon {

// Facts about the machine at report time; -1 where unknown.
struct SystemSample {
    int current_load = -1;  // runnable processes (numerator of /proc/loadavg field 4)
    double load[3] = {-1, -1, -1};
    int procs_in_d_state = -1;
    long max_rss_kb = 0;
    std::string max_rss_name = "none";  // "(name)" as in /proc/PID/stat
    long io_rate = -1;                  // disk sectors per second
    long free_space_mb = -1;            // in $TMPDIR's file system
    long free_mem_mb = -1;              // MemAvailable
};

// The collector's counters at one moment: the 3.4 page and the Prometheus
// exposition (metrics.hpp) render the same facts.
struct StatsSnapshot {
    uint64_t tcp_accept = 0;
    std::array<uint64_t, k_job_category_count> by_category{};
    std::string longest_input = "none";  // of the slowest successful job
    std::string longest_compiler = "none";
    long longest_ms = -1;  // -1 before the first successful job
    int max_kids = 0;
    std::array<int, 3> avg_kids{};         // over the last 1, 5 and 15 minute values
    std::array<int, 3> recent_compiles{};  // finished in the last 1, 5 and 15 minutes

    uint64_t count(JobCategory c) const { return by_category[static_cast<std::size_t>(c)]; }
};

class StatsCollector {
public:
    explicit StatsCollector(int max_kids) : m_max_kids(max_kids) {}

    // A connection was accepted (counted before the job's outcome is known).
    void record_accept() { ++m_tcp_accept; }
    // A job finished; times are seconds on a monotonic clock.
    void record_job(const JobOutcome& outcome, double start_sec, double end_sec);
    // Once per second or so; recomputes the minutely averages when a minute passed.
    void tick(double now_sec);

    StatsSnapshot snapshot(double now_sec) const;
    // distcc 3.4's page (doc/daemon.md §13), headers included.
    std::string render(const SystemSample& system, double now_sec) const;

private:
    static constexpr int k_seconds_kept = 180;
    static constexpr int k_bucket_sec = 3;
    static constexpr int k_buckets = 15 * 60 / k_bucket_sec;

    int count_recent_compiles(double now_sec, int minutes) const;
    void add_running_seconds(double start_sec, double end_sec);

    int m_max_kids;
    uint64_t m_tcp_accept = 0;
    std::array<uint64_t, k_job_category_count> m_by_category{};
    std::string m_longest_input = "none";
    std::string m_longest_compiler = "none";
    long m_longest_ms = -1;

    // Running successful jobs per whole second, indexed by second % k_seconds_kept.
    std::array<int, k_seconds_kept> m_running{};
    std::array<long, k_seconds_kept> m_running_second{};
    std::deque<int> m_minute_averages;  // newest first, at most 15
    double m_last_minute_sec = -1;

    // Completed jobs per 3-second bucket, indexed by bucket % k_buckets.
    std::array<int, k_buckets> m_completions{};
    std::array<long, k_buckets> m_completion_bucket{};
};

}  // namespace dcc::daemon
