// SPDX-License-Identifier: GPL-2.0-or-later
// bench/cpu-meter: a compiler wrapper the daemon benchmarks put first on distccd's
// PATH, copied under the compiler's names (gcc, x86_64-linux-gnu-gcc, ...).  It runs
// /usr/bin/<its own name> with the same arguments (argv[0] = that path) and appends the CPU that compiler
// and the wrapper itself used ("<user_us> <sys_us>") to cpu_meter.log beside it, so
// a daemon's own CPU is its process tree's total minus this log.  It changes nothing
// in what the compiler sees or returns.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/exec.hpp"
#include "common/path.hpp"

namespace {

using namespace dcc;

long micros(const struct timeval& tv) { return tv.tv_sec * 1000000L + tv.tv_usec; }

std::string own_path() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// The log is opened before the compiler starts and written right after wait4, so
// the CPU this process spends after its getrusage() is only the write and its own
// exit; measure.CompilerMeter.calibrate() measures that remainder.
void append_usage(int log_fd, const struct rusage& child) {
    struct rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    char line[64];
    int n = std::snprintf(line, sizeof line, "%ld %ld\n", micros(child.ru_utime) + micros(self.ru_utime),
                          micros(child.ru_stime) + micros(self.ru_stime));
    // One write with O_APPEND: concurrent wrappers never interleave within a line.
    if (log_fd >= 0 && ::write(log_fd, line, static_cast<std::size_t>(n)) != n) std::perror("cpu-meter: write");
}

}  // namespace

int main(int argc, char** argv) {
    std::string self = own_path();
    int log_fd = ::open(path::join(path::dirname(self), "cpu_meter.log").c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                        0666);
    exec::SpawnOptions options;
    options.search_path = false;
    options.program = path::join("/usr/bin", path::basename(self));
    // gcc finds cc1 relative to argv[0] when that names a directory: give it its own.
    std::vector<std::string> args(argv, argv + argc);
    args[0] = options.program;
    auto pid = exec::spawn(args, options);
    if (!pid) {
        std::fprintf(stderr, "cpu-meter: %s\n", pid.error().message.c_str());
        return 127;
    }
    int status = 0;
    struct rusage child{};
    while (::wait4(*pid, &status, 0, &child) < 0) {
    }
    append_usage(log_fd, child);
    if (WIFSIGNALED(status)) {
        ::signal(WTERMSIG(status), SIG_DFL);
        ::raise(WTERMSIG(status));
    }
    return exec::exit_code_of(status);
}
