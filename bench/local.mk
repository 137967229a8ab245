# bench/local.mk -- build fragment for this folder (included by the top Makefile.am).
# `make bench` builds the instruments below (never built by `make all` or `make
# check`) and runs bench/run_bench.py against our binaries and Debian's distcc 3.4.
# DCC_BENCH_QUICK=1 shrinks every workload; DCC_BENCH_ONLY=client,daemon,ssh,builds,
# scale,micro,include_server,sandbox,pump,journal,faithful,hostload picks workloads.

EXTRA_PROGRAMS = bench/job-runner bench/cpu-meter bench/sleep-cc bench/floor-daemon bench/micro-bench
DCC_BENCH_BINARIES = $(EXTRA_PROGRAMS)
CLEANFILES += $(DCC_BENCH_BINARIES)

# The instruments start thousands of times per run: no dynamic libstdc++ to bind.
if WITH_SANITIZERS
DCC_BENCH_STATIC_LINK =
else
DCC_BENCH_STATIC_LINK = -static-libstdc++ -static-libgcc
endif

bench_job_runner_SOURCES = %reldir%/tools/job_runner.cpp
bench_job_runner_LDADD = libdcc_common.a
bench_job_runner_LDFLAGS = $(AM_LDFLAGS) $(DCC_BENCH_STATIC_LINK)

bench_cpu_meter_SOURCES = %reldir%/tools/cpu_meter.cpp
bench_cpu_meter_LDADD = libdcc_common.a
bench_cpu_meter_LDFLAGS = $(AM_LDFLAGS) $(DCC_BENCH_STATIC_LINK)

bench_sleep_cc_SOURCES = %reldir%/tools/sleep_cc.cpp
bench_sleep_cc_LDADD = libdcc_common.a
bench_sleep_cc_LDFLAGS = $(AM_LDFLAGS) $(DCC_BENCH_STATIC_LINK)

bench_floor_daemon_SOURCES = %reldir%/tools/floor_daemon.cpp
bench_floor_daemon_LDADD = libdcc_compiler.a $(DCC_PROTO_LIBS)
bench_floor_daemon_LDFLAGS = $(AM_LDFLAGS) $(DCC_BENCH_STATIC_LINK)

# Google Benchmark (libbenchmark-dev) micro-benchmarks of the per-job hot paths.
bench_micro_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/%reldir%
bench_micro_bench_SOURCES = \
	%reldir%/micro/proto_bench.cpp \
	%reldir%/micro/sample_source.cpp %reldir%/micro/sample_source.hpp \
	%reldir%/micro/scan_args_bench.cpp
bench_micro_bench_LDADD = libdcc_compiler.a $(DCC_PROTO_LIBS) -lbenchmark -lpthread

BENCH_TARGETS += bench-run
bench-run: all $(DCC_BENCH_BINARIES)
	$(PYTHON3) $(srcdir)/%reldir%/run_bench.py --builddir '$(abs_top_builddir)' \
	  --srcdir '$(abs_top_srcdir)' --results-dir '$(abs_top_srcdir)/%reldir%/results'
.PHONY: bench-run

EXTRA_DIST += %reldir%/run_bench.py %reldir%/benchlib
