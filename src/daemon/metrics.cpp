// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of metrics.hpp.
#include "daemon/metrics.hpp"

#include <algorithm>
#include <array>

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

// Bucket upper bounds in seconds.  A compile takes milliseconds to minutes; receiving
// a request lasts as long as the client's preprocessor; a queue wait is near zero
// until every worker is busy.
constexpr std::array<double, 15> k_job_bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                 2.5,   5,    10,    30,   60,  120,  300};
constexpr std::array<double, 13> k_receive_bounds = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                     0.5,   1,     2.5,  5,     10,   30};
constexpr std::array<double, 13> k_queue_bounds = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1,
                                                   0.5,    1,      5,     10,    30,   60};

bool is_reason_name(std::string_view reason) {
    if (reason.empty() || reason.size() > 32) return false;
    return std::all_of(reason.begin(), reason.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

using Type = Exposition::Type;

// "minutes" labels of the 1/5/15-minute triples of the 3.4 page.
template <typename T>
void triple(Exposition& out, const char* name, const char* help, const std::array<T, 3>& values) {
    static const char* const k_minutes[] = {"1", "5", "15"};
    out.family(name, Type::gauge, help);
    for (std::size_t i = 0; i < 3; ++i)
        if (values[i] >= 0) out.sample(name, static_cast<double>(values[i]), {{"minutes", k_minutes[i]}});
}

// A gauge whose value may be unknown (-1): the family without a sample then.
void known_gauge(Exposition& out, const char* name, const char* help, double value, double scale = 1) {
    out.family(name, Type::gauge, help);
    if (value >= 0) out.sample(name, value * scale);
}

void counter(Exposition& out, const char* name, const char* help, uint64_t value) {
    out.family(name, Type::counter, help);
    out.sample(name, static_cast<double>(value));
}

}  // namespace

StatsPage page_for_request(std::string_view request) {
    std::string_view line = request.substr(0, request.find_first_of("\r\n"));
    constexpr std::string_view k_prefix = "GET /metrics";
    if (line.substr(0, k_prefix.size()) != k_prefix) return StatsPage::distcc;
    std::string_view rest = line.substr(k_prefix.size());
    return rest.empty() || rest[0] == ' ' || rest[0] == '?' ? StatsPage::prometheus : StatsPage::distcc;
}

MetricsCollector::MetricsCollector()
    : m_job_duration(k_job_bounds), m_receive(k_receive_bounds), m_queue_wait(k_queue_bounds) {}

void MetricsCollector::record_refusal(std::string_view reason, uint64_t count) {
    if (!is_reason_name(reason)) reason = "other";
    auto at = std::lower_bound(m_refusals.begin(), m_refusals.end(), reason,
                               [](const auto& entry, std::string_view r) { return entry.first < r; });
    if (at == m_refusals.end() || at->first != reason) {
        if (m_refusals.size() >= k_max_reasons && reason != "other") return record_refusal("other", count);
        at = m_refusals.emplace(at, std::string(reason), 0);
    }
    at->second += count;
}

std::string MetricsCollector::render(const StatsSnapshot& s, const SystemSample& sys, const LiveGauges& live) const {
    Exposition out;
    counter(out, "distccd_tcp_accept_total", "Connections accepted on the job port (dcc_tcp_accept).", s.tcp_accept);
    counter(out, "distccd_rej_bad_req_total", "Jobs refused for a protocol error (dcc_rej_bad_req).",
            s.count(JobCategory::rej_bad_req));
    counter(out, "distccd_rej_overload_total", "Jobs refused for overload (dcc_rej_overload; never counted).",
            s.count(JobCategory::rej_overload));
    counter(out, "distccd_compile_ok_total", "Jobs whose compiler succeeded (dcc_compile_ok).",
            s.count(JobCategory::compile_ok));
    counter(out, "distccd_compile_error_total", "Jobs whose compiler failed or whose reply failed (dcc_compile_error).",
            s.count(JobCategory::compile_error));
    counter(out, "distccd_compile_timeout_total", "Jobs ended by --job-lifetime (dcc_compile_timeout).",
            s.count(JobCategory::compile_timeout));
    counter(out, "distccd_cli_disconnect_total", "Jobs whose client went away (dcc_cli_disconnect).",
            s.count(JobCategory::cli_disconn));
    counter(out, "distccd_other_total", "Jobs ending otherwise, e.g. refused by policy (dcc_other).",
            s.count(JobCategory::other));
    known_gauge(out, "distccd_longest_job_seconds",
                "Duration of the slowest successful job (dcc_longest_job_time_msecs).",
                s.longest_ms < 0 ? -1.0 : static_cast<double>(s.longest_ms) / 1000.0);
    out.family("distccd_longest_job_info", Type::gauge,
               "Input and compiler of the slowest successful job (dcc_longest_job, dcc_longest_job_compiler).");
    if (s.longest_ms >= 0)
        out.sample("distccd_longest_job_info", 1, {{"input", s.longest_input}, {"compiler", s.longest_compiler}});
    known_gauge(out, "distccd_max_kids", "The job limit, --jobs (dcc_max_kids).", s.max_kids);
    triple(out, "distccd_avg_kids", "Average successful jobs running at once (dcc_avg_kids1/2/3).", s.avg_kids);
    known_gauge(out, "distccd_current_load", "Runnable processes (dcc_current_load).", sys.current_load);
    triple(out, "distccd_load", "Load average (dcc_load1/2/3).",
           std::array<double, 3>{sys.load[0], sys.load[1], sys.load[2]});
    triple(out, "distccd_num_compiles", "Jobs finished in the last minutes (dcc_num_compiles1/2/3).",
           s.recent_compiles);
    known_gauge(out, "distccd_processes_uninterruptible",
                "Processes in uninterruptible sleep, state D (dcc_num_procstate_D).", sys.procs_in_d_state);
    known_gauge(out, "distccd_max_rss_bytes", "The largest resident set of a process (dcc_max_RSS).",
                static_cast<double>(sys.max_rss_kb), 1024);
    out.family("distccd_max_rss_info", Type::gauge, "The process with the largest resident set (dcc_max_RSS_name).");
    if (sys.max_rss_kb > 0) out.sample("distccd_max_rss_info", 1, {{"name", sys.max_rss_name}});
    known_gauge(out, "distccd_io_rate", "Disk sectors read and written per second (dcc_io_rate).",
                static_cast<double>(sys.io_rate));
    known_gauge(out, "distccd_free_space_bytes", "Free space in TMPDIR (dcc_free_space).",
                static_cast<double>(sys.free_space_mb), 1024.0 * 1024.0);
    known_gauge(out, "distccd_free_mem_bytes", "Available memory (dcc_free_mem).", static_cast<double>(sys.free_mem_mb),
                1024.0 * 1024.0);

    known_gauge(out, "distccd_jobs_running", "Workers serving a job.", static_cast<double>(live.jobs_running));
    known_gauge(out, "distccd_jobs_waiting", "Complete requests waiting for a worker.",
                static_cast<double>(live.jobs_waiting));
    known_gauge(out, "distccd_connections_receiving", "Connections whose request is still arriving.",
                static_cast<double>(live.receiving));
    out.histogram("distccd_job_duration_seconds", "Time a worker spent on a job, from taking it to its reply.",
                  m_job_duration);
    out.histogram("distccd_request_receive_seconds",
                  "Time from accepting a connection to holding its complete request (the client's preprocessing "
                  "included).",
                  m_receive);
    out.histogram("distccd_queue_wait_seconds", "Time a complete request waited for an idle worker.", m_queue_wait);
    out.family("distccd_refusals_total", Type::counter,
               "Connections and jobs refused, by reason (the rule of the daemon's refusal log line).");
    for (const auto& [reason, count] : m_refusals)
        out.sample("distccd_refusals_total", static_cast<double>(count), {{"reason", reason}});
    counter(out, "distccd_received_bytes_total", "Bytes received from clients on connections that reached a worker.",
            m_bytes_received);
    counter(out, "distccd_sent_bytes_total", "Bytes sent to clients.", m_bytes_sent);
    return out.text();
}

std::string prometheus_reply(const std::string& body) {
    return strings::format(
               "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
               "Content-Length: %zu\r\nConnection: close\r\n\r\n",
               body.size()) +
           body;
}

}  // namespace dcc::daemon
