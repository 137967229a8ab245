# SPDX-License-Identifier: GPL-2.0-or-later
"""benchlib -- the end-to-end benchmarks behind `make bench` (bench/run_bench.py).

Every workload runs our distcc/distccd and Debian's distcc 3.4 in one run,
interleaved ours, theirs, theirs, ours, ..., and reports medians and the ratio
ours / theirs; only ratios from one run mean anything on a shared, noisy machine.

  context    paths, quick mode, scratch space, the two sides (ours, theirs)
  measure    job runs with exact child CPU, daemon process-tree CPU and RSS,
             compiler-CPU metering, callgrind instruction counts
  report     rows, targets, the printed table and the results file
  gentree    the deterministic C/C++ tree the build workloads compile
  client_overhead, daemon_throughput, ssh_latency, builds, scale: one workload each

Daemons come from the test library (test/pylib/dcctest: Daemon, Sshd, procs), so
they are started and stopped by PID exactly as in the tests.
"""
