// SPDX-License-Identifier: GPL-2.0-or-later
// Micro-benchmarks of the argument scanner (src/compiler/scan_args), which the client
// runs once per job and the daemon runs again on the received argv: a short command,
// a typical build-system command line, and one with -Wp, dependency options.  Built
// and run only by `make bench`.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "compiler/scan_args.hpp"

namespace {

using namespace dcc;

void scan(benchmark::State& state, const std::vector<std::string>& argv) {
    for (auto _ : state) {
        auto result = compiler::scan_args(argv);
        benchmark::DoNotOptimize(result);
    }
}

void scan_short(benchmark::State& state) { scan(state, {"gcc", "-c", "hello.c", "-o", "hello.o"}); }
BENCHMARK(scan_short);

void scan_build_system(benchmark::State& state) {
    scan(state, {"g++",         "-DHAVE_CONFIG_H", "-I.",     "-I../src",         "-I../include", "-isystem",
                 "/opt/x/include", "-std=c++20",   "-O2",     "-g",               "-Wall",        "-Wextra",
                 "-fPIC",       "-pthread",        "-MT",     "src/lib/a.o",      "-MD",          "-MP",
                 "-MF",         "src/lib/.deps/a.Tpo", "-c",  "-o",               "src/lib/a.o",  "../src/lib/a.cpp"});
}
BENCHMARK(scan_build_system);

void scan_wp_options(benchmark::State& state) {
    scan(state, {"gcc", "-Wp,-DX=1,-MD,deps/x.d", "-Wp,-MMD,deps/y.d", "-O2", "-c", "x.c", "-o", "x.o"});
}
BENCHMARK(scan_wp_options);

}  // namespace

BENCHMARK_MAIN();
