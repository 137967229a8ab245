# SPDX-License-Identifier: GPL-2.0-or-later
"""micro -- runs bench/micro-bench (Google Benchmark: token codec, LZO, request and
reply round trips, scan_args) and puts its table into the results file.

These have no distcc 3.4 counterpart, so they add no rows to the comparison table;
they are there to catch a slower hot path between two results files.
"""
import subprocess


def run(ctx, report):
    min_time = "0.05" if ctx.quick else "0.3"
    r = subprocess.run([ctx.micro_bench, f"--benchmark_min_time={min_time}"], capture_output=True, text=True,
                       timeout=600, check=True)
    # Keep the table, drop the host description Google Benchmark prints first.
    lines = r.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Benchmark")), 0)
    report.extra.append(("Micro-benchmarks (bench/micro-bench, ours only)",
                         "\n".join(lines[max(start - 1, 0):])))
