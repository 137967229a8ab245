// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of stats.hpp (upstream stats.c: dcc_stats_event, dcc_stats_minutely_update,
// dcc_stats_compile_ok, dcc_stats_process, dcc_stats_server_report).
#include "daemon/stats.hpp"

#include <cmath>

#include "common/strings.hpp"

namespace dcc::daemon {

void StatsCollector::add_running_seconds(double start_sec, double end_sec) {
    long first = static_cast<long>(std::floor(start_sec));
    long last = static_cast<long>(std::floor(end_sec));
    if (last - first >= k_seconds_kept) first = last - k_seconds_kept + 1;
    for (long s = first; s <= last; ++s) {
        std::size_t slot = static_cast<std::size_t>(s % k_seconds_kept);
        if (m_running_second[slot] != s) {
            m_running_second[slot] = s;
            m_running[slot] = 0;
        }
        ++m_running[slot];
    }
}

void StatsCollector::record_job(const JobOutcome& outcome, double start_sec, double end_sec) {
    ++m_by_category[static_cast<std::size_t>(outcome.category)];
    bool finished_compile = outcome.category == JobCategory::compile_ok ||
                            outcome.category == JobCategory::compile_error ||
                            outcome.category == JobCategory::compile_timeout ||
                            outcome.category == JobCategory::cli_disconn;
    if (finished_compile) {
        long bucket = static_cast<long>(std::floor(end_sec)) / k_bucket_sec;
        std::size_t slot = static_cast<std::size_t>(bucket % k_buckets);
        if (m_completion_bucket[slot] != bucket) {
            m_completion_bucket[slot] = bucket;
            m_completions[slot] = 0;
        }
        ++m_completions[slot];
    }
    if (outcome.category != JobCategory::compile_ok) return;
    add_running_seconds(start_sec, end_sec);
    if (outcome.elapsed_ms > m_longest_ms) {
        m_longest_ms = outcome.elapsed_ms;
        m_longest_input = outcome.input.empty() ? "none" : outcome.input;
        m_longest_compiler = outcome.compiler.empty() ? "none" : outcome.compiler;
    }
}

void StatsCollector::tick(double now_sec) {
    if (m_last_minute_sec >= 0 && now_sec - m_last_minute_sec < 60) return;
    m_last_minute_sec = now_sec;
    // Average over the window 60..120 seconds ago, which no running job can still change.
    long now = static_cast<long>(std::floor(now_sec));
    long sum = 0;
    for (long s = now - 120; s < now - 60; ++s) {
        if (s < 0) continue;
        std::size_t slot = static_cast<std::size_t>(s % k_seconds_kept);
        if (m_running_second[slot] == s) sum += m_running[slot];
    }
    m_minute_averages.push_front(static_cast<int>(sum / 60));
    if (m_minute_averages.size() > 15) m_minute_averages.pop_back();
}

int StatsCollector::count_recent_compiles(double now_sec, int minutes) const {
    long current = static_cast<long>(std::floor(now_sec)) / k_bucket_sec;
    int buckets = minutes * 60 / k_bucket_sec;
    int total = 0;
    for (long b = current - buckets; b < current; ++b) {  // the current bucket is excluded
        if (b < 0) continue;
        std::size_t slot = static_cast<std::size_t>(b % k_buckets);
        if (m_completion_bucket[slot] == b) total += m_completions[slot];
    }
    return total;
}

StatsSnapshot StatsCollector::snapshot(double now_sec) const {
    auto average_of = [this](std::size_t n) {
        if (m_minute_averages.empty()) return 0;
        n = std::min(n, m_minute_averages.size());
        long sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += m_minute_averages[i];
        return static_cast<int>(sum / static_cast<long>(n));
    };
    StatsSnapshot s;
    s.tcp_accept = m_tcp_accept;
    s.by_category = m_by_category;
    s.longest_input = m_longest_input;
    s.longest_compiler = m_longest_compiler;
    s.longest_ms = m_longest_ms;
    s.max_kids = m_max_kids;
    s.avg_kids = {average_of(1), average_of(5), average_of(15)};
    s.recent_compiles = {count_recent_compiles(now_sec, 1), count_recent_compiles(now_sec, 5),
                         count_recent_compiles(now_sec, 15)};
    return s;
}

std::string StatsCollector::render(const SystemSample& sys, double now_sec) const {
    StatsSnapshot s = snapshot(now_sec);
    auto count = [&s](JobCategory c) { return static_cast<unsigned long long>(s.count(c)); };
    std::string body = "argv /distccd\n<distccstats>\n";
    body += strings::format("dcc_tcp_accept %llu\n", static_cast<unsigned long long>(s.tcp_accept));
    body += strings::format("dcc_rej_bad_req %llu\n", count(JobCategory::rej_bad_req));
    body += strings::format("dcc_rej_overload %llu\n", count(JobCategory::rej_overload));
    body += strings::format("dcc_compile_ok %llu\n", count(JobCategory::compile_ok));
    body += strings::format("dcc_compile_error %llu\n", count(JobCategory::compile_error));
    body += strings::format("dcc_compile_timeout %llu\n", count(JobCategory::compile_timeout));
    body += strings::format("dcc_cli_disconnect %llu\n", count(JobCategory::cli_disconn));
    body += strings::format("dcc_other %llu\n", count(JobCategory::other));
    body += strings::format("dcc_longest_job %s\n", s.longest_input.c_str());
    body += strings::format("dcc_longest_job_compiler %s\n", s.longest_compiler.c_str());
    body += strings::format("dcc_longest_job_time_msecs %ld\n", s.longest_ms);
    body += strings::format("dcc_max_kids %d\n", s.max_kids);
    body += strings::format("dcc_avg_kids1 %d\ndcc_avg_kids2 %d\ndcc_avg_kids3 %d\n", s.avg_kids[0], s.avg_kids[1],
                            s.avg_kids[2]);
    body += strings::format("dcc_current_load %d\n", sys.current_load);
    body += strings::format("dcc_load1 %1.2f\ndcc_load2 %1.2f\ndcc_load3 %1.2f\n", sys.load[0], sys.load[1], sys.load[2]);
    body += strings::format("dcc_num_compiles1 %d\ndcc_num_compiles2 %d\ndcc_num_compiles3 %d\n", s.recent_compiles[0],
                            s.recent_compiles[1], s.recent_compiles[2]);
    body += strings::format("dcc_num_procstate_D %d\n", sys.procs_in_d_state);
    body += strings::format("dcc_max_RSS %ld\n", sys.max_rss_kb);
    body += strings::format("dcc_max_RSS_name %s\n", sys.max_rss_name.c_str());
    body += strings::format("dcc_io_rate %ld\n", sys.io_rate);
    body += strings::format("dcc_free_space %ld MB\n", sys.free_space_mb);
    body += strings::format("dcc_free_mem %ld MB\n", sys.free_mem_mb);
    body += "</distccstats>\n";
    return "HTTP/1.0 200 OK\nContent-Type: text/plain\nConnection: close\n\n" + body;
}

}  // namespace dcc::daemon
