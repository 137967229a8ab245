// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/stats.cpp, system_stats.cpp and job_summary.cpp: the exact
// report of doc/daemon.md §13 driven by a fake clock, the /proc parsers, and the
// job summary line of doc/daemon.md §7.
#include "daemon/stats.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <sstream>

#include "daemon/job_summary.hpp"
#include "daemon/system_stats.hpp"

using namespace dcc::daemon;

namespace {

JobOutcome job(JobCategory category, long ms, const char* input = "small.c", const char* compiler = "gcc") {
    JobOutcome o;
    o.category = category;
    o.elapsed_ms = ms;
    o.input = input;
    o.compiler = compiler;
    return o;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string value_of(const std::string& report, const std::string& key) {
    for (const std::string& line : lines_of(report))
        if (line.rfind(key + " ", 0) == 0) return line.substr(key.size() + 1);
    return "<missing>";
}

}  // namespace

TEST(Stats, ReportHasExactlyTheFieldsInOrder) {
    StatsCollector stats(4);
    SystemSample sys;
    sys.current_load = 2;
    sys.load[0] = 0.54;
    sys.load[1] = 0.39;
    sys.load[2] = 0.18;
    sys.procs_in_d_state = 0;
    sys.max_rss_kb = 16900;
    sys.max_rss_name = "(process_api)";
    sys.free_space_mb = 81233;
    sys.free_mem_mb = 1234;
    std::vector<std::string> lines = lines_of(stats.render(sys, 1000.0));
    std::vector<std::string> expected = {
        "HTTP/1.0 200 OK", "Content-Type: text/plain", "Connection: close", "", "argv /distccd", "<distccstats>",
        "dcc_tcp_accept 0", "dcc_rej_bad_req 0", "dcc_rej_overload 0", "dcc_compile_ok 0", "dcc_compile_error 0",
        "dcc_compile_timeout 0", "dcc_cli_disconnect 0", "dcc_other 0", "dcc_longest_job none",
        "dcc_longest_job_compiler none", "dcc_longest_job_time_msecs -1", "dcc_max_kids 4", "dcc_avg_kids1 0",
        "dcc_avg_kids2 0", "dcc_avg_kids3 0", "dcc_current_load 2", "dcc_load1 0.54", "dcc_load2 0.39",
        "dcc_load3 0.18", "dcc_num_compiles1 0", "dcc_num_compiles2 0", "dcc_num_compiles3 0",
        "dcc_num_procstate_D 0", "dcc_max_RSS 16900", "dcc_max_RSS_name (process_api)", "dcc_io_rate -1",
        "dcc_free_space 81233 MB", "dcc_free_mem 1234 MB", "</distccstats>"};
    EXPECT_EQ(lines, expected);
}

TEST(Stats, CountersAndLongestJob) {
    StatsCollector stats(2);
    stats.record_accept();
    stats.record_accept();
    stats.record_accept();
    stats.record_job(job(JobCategory::compile_ok, 25, "small.c", "x86_64-linux-gnu-gcc"), 100.0, 100.025);
    stats.record_job(job(JobCategory::compile_ok, 10, "tiny.c"), 101.0, 101.01);
    stats.record_job(job(JobCategory::compile_error, 99, "bad.c"), 102.0, 102.099);
    stats.record_job(job(JobCategory::rej_bad_req, 0), 103.0, 103.0);
    std::string report = stats.render(SystemSample{}, 104.0);
    EXPECT_EQ(value_of(report, "dcc_tcp_accept"), "3");
    EXPECT_EQ(value_of(report, "dcc_compile_ok"), "2");
    EXPECT_EQ(value_of(report, "dcc_compile_error"), "1");
    EXPECT_EQ(value_of(report, "dcc_rej_bad_req"), "1");
    // Only successful jobs compete for "longest".
    EXPECT_EQ(value_of(report, "dcc_longest_job"), "small.c");
    EXPECT_EQ(value_of(report, "dcc_longest_job_compiler"), "x86_64-linux-gnu-gcc");
    EXPECT_EQ(value_of(report, "dcc_longest_job_time_msecs"), "25");
}

TEST(Stats, RecentCompilesExcludeTheCurrentBucket) {
    StatsCollector stats(2);
    stats.record_job(job(JobCategory::compile_ok, 5), 299.0, 300.0);     // bucket 100
    stats.record_job(job(JobCategory::cli_disconn, 5), 200.0, 200.5);   // bucket 66
    stats.record_job(job(JobCategory::other, 5), 300.0, 300.0);         // refusals do not count
    EXPECT_EQ(value_of(stats.render(SystemSample{}, 301.0), "dcc_num_compiles1"), "0");  // still current
    std::string later = stats.render(SystemSample{}, 303.5);
    EXPECT_EQ(value_of(later, "dcc_num_compiles1"), "1");
    EXPECT_EQ(value_of(later, "dcc_num_compiles2"), "2");
    EXPECT_EQ(value_of(stats.render(SystemSample{}, 300.0 + 16 * 60), "dcc_num_compiles3"), "0");
}

TEST(Stats, AverageKidsUseTheWindowOneToTwoMinutesAgo) {
    StatsCollector stats(4);
    stats.tick(0.0);
    // Two jobs each running through the whole minute 100..160.
    stats.record_job(job(JobCategory::compile_ok, 60000), 100.0, 159.9);
    stats.record_job(job(JobCategory::compile_ok, 60000), 100.0, 159.9);
    stats.tick(220.0);  // window 100..160
    EXPECT_EQ(value_of(stats.render(SystemSample{}, 220.0), "dcc_avg_kids1"), "2");
    // Four more idle minutes: avg2 averages the last five minute values.
    for (int m = 1; m <= 4; ++m) stats.tick(220.0 + 60 * m);
    std::string report = stats.render(SystemSample{}, 460.0);
    EXPECT_EQ(value_of(report, "dcc_avg_kids1"), "0");
    EXPECT_EQ(value_of(report, "dcc_avg_kids2"), "0");  // (2+0+0+0+0)/5 in integers
    EXPECT_EQ(value_of(report, "dcc_avg_kids3"), "0");
}

TEST(SystemStats, Parsers) {
    SystemSample s;
    ASSERT_TRUE(parse_loadavg("0.54 0.39 0.18 2/345 6789\n", s));
    EXPECT_EQ(s.current_load, 2);
    EXPECT_DOUBLE_EQ(s.load[1], 0.39);
    EXPECT_FALSE(parse_loadavg("garbage", s));
    EXPECT_EQ(parse_mem_available_mb("MemTotal: 100 kB\nMemAvailable:    2097152 kB\n"), 2048);
    EXPECT_EQ(parse_mem_available_mb("MemTotal: 100 kB\n"), -1);
    const char* diskstats =
        "   8       0 sda 100 0 1000 0 50 0 500 0 0 0 0\n"
        "   8       1 sda1 100 0 999 0 50 0 499 0 0 0 0\n"
        " 259       0 nvme0n1 1 0 10 0 1 0 20 0 0 0 0\n"
        " 259       1 nvme0n1p1 1 0 10 0 1 0 20 0 0 0 0\n"
        "   7       0 loop0 1 0 77 0 1 0 77 0 0 0 0\n";
    EXPECT_EQ(parse_disk_sectors(diskstats), 1000 + 500 + 10 + 20);
    char state = 0;
    std::string name;
    long rss = 0;
    ASSERT_TRUE(parse_proc_stat("42 (cc1 plus) R 1 42 42 0 -1 4194304 100 0 0 0 5 1 0 0 20 0 1 0 100 123456 789 "
                                "18446744073709551615",
                                state, name, rss));
    EXPECT_EQ(state, 'R');
    EXPECT_EQ(name, "(cc1 plus)");
    EXPECT_EQ(rss, 789);
    EXPECT_FALSE(parse_proc_stat("42 no parens", state, name, rss));
}

TEST(JobSummary, LinesAsUpstreamWritesThem) {
    JobOutcome ok = job(JobCategory::compile_ok, 19, "hello.c", "x86_64-linux-gnu-gcc");
    EXPECT_EQ(format_summary("127.0.0.1:59636", ok),
              "client: 127.0.0.1:59636 COMPILE_OK exit:0 sig:0 core:0 ret:0 time:19ms x86_64-linux-gnu-gcc hello.c");
    JobOutcome failed = job(JobCategory::compile_error, 35, "bad.c", "gcc");
    failed.wait_status = 1 << 8;
    EXPECT_EQ(format_summary("127.0.0.1:1", failed),
              "client: 127.0.0.1:1 COMPILE_ERROR exit:1 sig:0 core:0 ret:0 time:35ms gcc bad.c");
    JobOutcome crashed = job(JobCategory::compile_error, 1);
    crashed.wait_status = SIGSEGV | 0x80;
    EXPECT_NE(format_summary("x", crashed).find("exit:0 sig:11 core:1"), std::string::npos);
    JobOutcome refused;
    refused.ret = 108;
    EXPECT_EQ(format_summary("NOTSOCKET", refused), "client: NOTSOCKET OTHER exit:0 sig:0 core:0 ret:108 time:0ms ");
    EXPECT_STREQ(category_name(JobCategory::cli_disconn), "CLI_DISCONN");
    EXPECT_STREQ(category_name(JobCategory::rej_overload), "REJ_OVERLOAD");
}
