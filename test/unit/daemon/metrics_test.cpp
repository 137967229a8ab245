// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/exposition.cpp and metrics.cpp: the Prometheus text format
// (escaping, numbers, histogram buckets), which requests get the exposition and
// which keep distcc 3.4's page, the bounded refusal reasons, and the exposition of
// distccd's counters (doc/daemon.md §13.1).
#include "daemon/metrics.hpp"

#include <gtest/gtest.h>

#include <array>
#include <sstream>

#include "daemon/exposition.hpp"

using namespace dcc::daemon;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (l == line) return true;
    return false;
}

}  // namespace

TEST(Exposition, Escaping) {
    EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    EXPECT_EQ(escape_help("a\\b\"c\nd"), "a\\\\b\"c\\nd");  // quotes stay in HELP text
    EXPECT_EQ(escape_label_value("plain.c"), "plain.c");
}

TEST(Exposition, Numbers) {
    EXPECT_EQ(format_sample_value(0), "0");
    EXPECT_EQ(format_sample_value(42), "42");
    EXPECT_EQ(format_sample_value(-1), "-1");
    EXPECT_EQ(format_sample_value(0.005), "0.005");
    EXPECT_EQ(format_sample_value(2.5), "2.5");
    EXPECT_EQ(format_sample_value(0.0001), "0.0001");
    EXPECT_EQ(format_sample_value(0.1 + 0.2), "0.30000000000000004");  // read back exactly
    EXPECT_EQ(format_sample_value(12345.678901234), "12345.678901234");
    EXPECT_EQ(format_sample_value(1e300 * 1e300), "+Inf");
    EXPECT_EQ(format_sample_value(12345678901234.0), "12345678901234");
}

TEST(Exposition, FamilyAndLabelledSamples) {
    Exposition out;
    out.family("x_total", Exposition::Type::counter, "Things\ncounted.");
    out.sample("x_total", 3, {{"reason", "a\"b"}, {"kind", "k"}});
    out.sample("x_total", 1);
    EXPECT_EQ(out.text(),
              "# HELP x_total Things\\ncounted.\n"
              "# TYPE x_total counter\n"
              "x_total{reason=\"a\\\"b\",kind=\"k\"} 3\n"
              "x_total 1\n");
}

TEST(Exposition, HistogramBucketsAreCumulativeWithUpperBoundsInclusive) {
    static constexpr std::array<double, 3> k_bounds = {0.1, 1, 10};
    Histogram h(k_bounds);
    for (double v : {0.05, 0.1, 0.5, 1.0, 3.0, 100.0}) h.observe(v);
    EXPECT_EQ(h.cumulative(0), 2u);  // 0.05 and 0.1: a bound counts as its bucket
    EXPECT_EQ(h.cumulative(1), 4u);
    EXPECT_EQ(h.cumulative(2), 5u);
    EXPECT_EQ(h.cumulative(3), 6u);  // +Inf
    EXPECT_EQ(h.count(), 6u);
    EXPECT_DOUBLE_EQ(h.sum(), 104.65);
    Exposition out;
    out.histogram("t_seconds", "Time.", h);
    EXPECT_EQ(out.text(),
              "# HELP t_seconds Time.\n"
              "# TYPE t_seconds histogram\n"
              "t_seconds_bucket{le=\"0.1\"} 2\n"
              "t_seconds_bucket{le=\"1\"} 4\n"
              "t_seconds_bucket{le=\"10\"} 5\n"
              "t_seconds_bucket{le=\"+Inf\"} 6\n"
              "t_seconds_sum 104.65\n"
              "t_seconds_count 6\n");
}

TEST(Metrics, OnlyGetMetricsGetsTheExposition) {
    EXPECT_EQ(page_for_request("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), StatsPage::prometheus);
    EXPECT_EQ(page_for_request("GET /metrics?x=1 HTTP/1.1\r\n\r\n"), StatsPage::prometheus);
    EXPECT_EQ(page_for_request("GET /metrics"), StatsPage::prometheus);
    // Everything else keeps 3.4's page: 3.4 ignores the request.
    EXPECT_EQ(page_for_request(""), StatsPage::distcc);
    EXPECT_EQ(page_for_request("GET / HTTP/1.0\r\n\r\n"), StatsPage::distcc);
    EXPECT_EQ(page_for_request("GET /metricsx HTTP/1.0\r\n\r\n"), StatsPage::distcc);
    EXPECT_EQ(page_for_request("HEAD /metrics HTTP/1.0\r\n\r\n"), StatsPage::distcc);
    EXPECT_EQ(page_for_request("POST /metrics HTTP/1.0\r\n\r\n"), StatsPage::distcc);
    EXPECT_EQ(page_for_request("junk\nGET /metrics HTTP/1.0\r\n"), StatsPage::distcc);
}

TEST(Metrics, TheDistccPageIsUnchangedBesideTheExposition) {
    // The 3.4 page comes from the same collector whatever the metrics hold.
    StatsCollector stats(4);
    std::string before = stats.render(SystemSample{}, 100.0);
    MetricsCollector metrics;
    metrics.record_job(0.5);
    metrics.record_refusal("whitelist");
    EXPECT_EQ(stats.render(SystemSample{}, 100.0), before);
    EXPECT_EQ(before.rfind("HTTP/1.0 200 OK\nContent-Type: text/plain\nConnection: close\n\nargv /distccd\n", 0), 0u);
}

TEST(Metrics, RefusalReasonsStayBounded) {
    MetricsCollector metrics;
    metrics.record_refusal("whitelist");
    metrics.record_refusal("whitelist", 2);
    metrics.record_refusal("Bad Name\"");  // not a reason name
    for (std::size_t i = 0; i < MetricsCollector::k_max_reasons + 5; ++i)
        metrics.record_refusal("rule_" + std::to_string(i));
    std::string text = metrics.render(StatsSnapshot{}, SystemSample{}, LiveGauges{});
    EXPECT_TRUE(has_line(text, "distccd_refusals_total{reason=\"whitelist\"} 3"));
    std::size_t series = 0;
    for (std::size_t at = 0; (at = text.find("\ndistccd_refusals_total{", at)) != std::string::npos; ++at) ++series;
    // "other" came early, so it is one of the k_max_reasons names.
    EXPECT_EQ(series, MetricsCollector::k_max_reasons);
    // "other": the bad name and the names past the cap.
    std::size_t counted = 1 + (MetricsCollector::k_max_reasons + 5) - (MetricsCollector::k_max_reasons - 2);
    EXPECT_TRUE(has_line(text, "distccd_refusals_total{reason=\"other\"} " + std::to_string(counted)));
}

TEST(Metrics, ExpositionOfTheCounters) {
    StatsSnapshot s;
    s.tcp_accept = 7;
    s.by_category[static_cast<std::size_t>(JobCategory::compile_ok)] = 4;
    s.by_category[static_cast<std::size_t>(JobCategory::compile_error)] = 1;
    s.longest_ms = 59;  // 59 * 0.001 would read 0.059000000000000004
    s.longest_input = "dir/a \"b\".c";
    s.longest_compiler = "gcc";
    s.max_kids = 3;
    s.recent_compiles = {1, 2, 5};
    SystemSample sys;
    sys.load[0] = 0.5;
    sys.load[1] = 0.25;
    sys.load[2] = 0.125;
    sys.free_mem_mb = 2;
    MetricsCollector metrics;
    metrics.record_job(0.02);
    metrics.record_job(2.0);
    metrics.record_queue_wait(0.0002);
    metrics.record_receive(0.003);
    metrics.record_bytes(1000, 200);
    metrics.record_bytes(24, 56);
    std::string text = metrics.render(s, sys, LiveGauges{2, 1, 5});
    for (const char* line : {
             "# TYPE distccd_tcp_accept_total counter",
             "distccd_tcp_accept_total 7",
             "distccd_compile_ok_total 4",
             "distccd_compile_error_total 1",
             "distccd_rej_bad_req_total 0",
             "distccd_longest_job_seconds 0.059",
             "distccd_longest_job_info{input=\"dir/a \\\"b\\\".c\",compiler=\"gcc\"} 1",
             "distccd_max_kids 3",
             "distccd_num_compiles{minutes=\"15\"} 5",
             "distccd_load{minutes=\"5\"} 0.25",
             "distccd_free_mem_bytes 2097152",
             "distccd_jobs_running 2",
             "distccd_jobs_waiting 1",
             "distccd_connections_receiving 5",
             "# TYPE distccd_job_duration_seconds histogram",
             "distccd_job_duration_seconds_bucket{le=\"0.025\"} 1",
             "distccd_job_duration_seconds_bucket{le=\"2.5\"} 2",
             "distccd_job_duration_seconds_count 2",
             "distccd_queue_wait_seconds_bucket{le=\"0.0005\"} 1",
             "distccd_request_receive_seconds_count 1",
             "distccd_received_bytes_total 1024",
             "distccd_sent_bytes_total 256",
         })
        EXPECT_TRUE(has_line(text, line)) << line << "\n" << text;
    // Unknown facts (-1) have their family but no sample.
    EXPECT_TRUE(has_line(text, "# TYPE distccd_current_load gauge"));
    EXPECT_EQ(text.find("\ndistccd_current_load "), std::string::npos);
    EXPECT_EQ(text.find("\ndistccd_free_space_bytes "), std::string::npos);
    EXPECT_EQ(text.back(), '\n');
}

TEST(Metrics, HttpReply) {
    std::string reply = prometheus_reply("x 1\n");
    EXPECT_EQ(reply,
              "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 4\r\n"
              "Connection: close\r\n\r\nx 1\n");
}
