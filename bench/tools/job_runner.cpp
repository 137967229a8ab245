// SPDX-License-Identifier: GPL-2.0-or-later
// bench/job-runner: runs COUNT copies of one command, at most PARALLEL at a time, and
// prints the wall time and the CPU its children used, summed exactly from wait4(),
// so the benchmark drivers (bench/benchlib) can charge a client's CPU to the client
// and not to make or Python.  "%N" in any argument becomes the job's index.  It is a
// measuring instrument only: it does not retry, and it stops starting jobs after
// the first failure.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "common/exec.hpp"
#include "common/strings.hpp"

namespace {

using namespace dcc;

struct Options {
    int parallel = 1;
    int count = 1;
    std::vector<std::string> argv;
};

double now_seconds() {
    struct timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds(const struct timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

bool parse_options(int argc, char** argv, Options& options) {
    int i = 1;
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (i + 1 >= argc) return false;
        auto value = strings::parse_int(argv[++i]);
        if (!value || *value < 1) return false;
        if (arg == "-j") options.parallel = static_cast<int>(*value);
        else if (arg == "-n") options.count = static_cast<int>(*value);
        else return false;
    }
    options.argv.assign(argv + i, argv + argc);
    return !options.argv.empty();
}

std::vector<std::string> job_argv(const std::vector<std::string>& pattern, int index) {
    std::vector<std::string> out;
    out.reserve(pattern.size());
    for (const std::string& arg : pattern) out.push_back(strings::replace_all(arg, "%N", std::to_string(index)));
    return out;
}

struct Totals {
    int started = 0;
    int failed = 0;
    double user = 0, sys = 0;
    long maxrss_kb = 0;
    std::vector<double> latencies;
};

// Reap one child; returns false when there is none left.
bool reap_one(std::map<pid_t, double>& running, Totals& totals) {
    int status = 0;
    struct rusage usage{};
    pid_t pid = ::wait4(-1, &status, 0, &usage);
    if (pid < 0) return false;
    auto it = running.find(pid);
    if (it == running.end()) return true;  // not ours (cannot happen: we start all children)
    totals.latencies.push_back(now_seconds() - it->second);
    running.erase(it);
    totals.user += seconds(usage.ru_utime);
    totals.sys += seconds(usage.ru_stime);
    totals.maxrss_kb = std::max(totals.maxrss_kb, usage.ru_maxrss);
    if (exec::exit_code_of(status) != 0) {
        if (totals.failed == 0) std::fprintf(stderr, "job-runner: pid %d %s\n", pid, exec::describe_status(status).c_str());
        ++totals.failed;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::fprintf(stderr, "usage: job-runner [-j PARALLEL] [-n COUNT] -- COMMAND ARGS... (%%N = job index)\n");
        return 2;
    }
    Totals totals;
    std::map<pid_t, double> running;
    double start = now_seconds();
    while (totals.started < options.count && totals.failed == 0) {
        if (static_cast<int>(running.size()) >= options.parallel) {
            reap_one(running, totals);
            continue;
        }
        auto pid = exec::spawn(job_argv(options.argv, totals.started), exec::SpawnOptions{});
        if (!pid) {
            std::fprintf(stderr, "job-runner: %s\n", pid.error().message.c_str());
            ++totals.failed;
            break;
        }
        running.emplace(*pid, now_seconds());
        ++totals.started;
    }
    while (!running.empty() && reap_one(running, totals)) {
    }
    double wall = now_seconds() - start;
    std::sort(totals.latencies.begin(), totals.latencies.end());
    double median = totals.latencies.empty() ? 0 : totals.latencies[totals.latencies.size() / 2];
    std::printf("jobs=%zu failed=%d wall_s=%.6f user_s=%.6f sys_s=%.6f maxrss_kb=%ld median_latency_s=%.6f\n",
                totals.latencies.size(), totals.failed, wall, totals.user, totals.sys, totals.maxrss_kb, median);
    return totals.failed == 0 ? 0 : 1;
}
