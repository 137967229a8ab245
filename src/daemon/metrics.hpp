// SPDX-License-Identifier: GPL-2.0-or-later
// distccd's Prometheus metrics on the statistics port (doc/daemon.md §13.1).  A
// request whose first line is `GET /metrics` gets the text exposition (exposition.hpp)
// of the 3.4 page's counters plus job-duration, request-receive and queue-wait
// histograms, jobs running and waiting, refusals by reason and bytes in and out;
// every other request -- another path, another method, none at all -- gets distcc
// 3.4's page unchanged (stats.hpp).  Like the StatsCollector this lives in the
// dispatcher and is fed from the workers' reports, so no counter is shared between
// processes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/exposition.hpp"
#include "daemon/stats.hpp"

namespace dcc::daemon {

enum class StatsPage { distcc, prometheus };
StatsPage page_for_request(std::string_view request);

// The dispatcher's state at the moment of the request.
struct LiveGauges {
    std::size_t jobs_running = 0;  // workers busy with a job
    std::size_t jobs_waiting = 0;  // complete requests waiting for a worker
    std::size_t receiving = 0;     // connections whose request is still arriving
};

// Refusal reasons the dispatcher itself gives (a job's refusal carries Refusal::rule).
inline constexpr const char* k_refused_by_access_list = "access_list";
inline constexpr const char* k_refused_max_pending = "max_pending";
inline constexpr const char* k_refused_intake_timeout = "intake_timeout";

class MetricsCollector {
public:
    MetricsCollector();

    void record_job(double seconds) { m_job_duration.observe(seconds); }
    void record_receive(double seconds) { m_receive.observe(seconds); }
    void record_queue_wait(double seconds) { m_queue_wait.observe(seconds); }
    // `reason`: a short lowercase name; anything else, and any reason beyond the first
    // k_max_reasons, is counted as "other", so the label set stays bounded.
    void record_refusal(std::string_view reason, uint64_t count = 1);
    void record_bytes(uint64_t received, uint64_t sent) {
        m_bytes_received += received;
        m_bytes_sent += sent;
    }

    // The exposition (the body, without HTTP headers).
    std::string render(const StatsSnapshot& stats, const SystemSample& system, const LiveGauges& live) const;

    static constexpr std::size_t k_max_reasons = 32;

private:
    Histogram m_job_duration;
    Histogram m_receive;
    Histogram m_queue_wait;
    std::vector<std::pair<std::string, uint64_t>> m_refusals;  // sorted by reason
    uint64_t m_bytes_received = 0;
    uint64_t m_bytes_sent = 0;
};

// The HTTP/1.0 reply carrying an exposition.
std::string prometheus_reply(const std::string& body);

}  // namespace dcc::daemon
