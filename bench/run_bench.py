#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""run_bench.py -- the driver behind `make bench`: our distcc against Debian's 3.4.

Runs the workloads of bench/benchlib in one run (client overhead, daemon throughput,
ssh latency, builds, scale, micro-benchmarks), prints the table of medians and
ratios ours / 3.4 with the targets, and writes it to bench/results/<date>.txt (quick
or partial runs: <builddir>/bench/results).
Environment: DCC_BENCH_QUICK=1 (a few minutes instead of ~20), DCC_BENCH_ONLY=a,b
(a subset of: client daemon ssh builds scale micro include_server sandbox pump journal faithful hostload), DCC_BENCH_KEEP=1 (keep the
scratch directory).  It needs Debian's distcc, valgrind and an OpenSSH server;
what is missing is reported and its workload skipped, never faked.
"""
import argparse
import importlib
import os
import shutil
import subprocess
import sys
import traceback

MODULES = {"client": "client_overhead", "daemon": "daemon_throughput", "ssh": "ssh_latency",
           "builds": "builds", "scale": "scale", "micro": "micro", "include_server": "include_server",
           "sandbox": "sandbox_cost", "pump": "pump", "journal": "journal", "faithful": "faithful",
           "hostload": "hostload"}
WORKLOADS = list(MODULES)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--builddir", default=os.getcwd())
    p.add_argument("--srcdir", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--results-dir", default=None)
    p.add_argument("--quick", action="store_true", default=os.environ.get("DCC_BENCH_QUICK", "") not in ("", "0"))
    p.add_argument("--only", default=os.environ.get("DCC_BENCH_ONLY", ""))
    p.add_argument("--keep", action="store_true", default=bool(os.environ.get("DCC_BENCH_KEEP")))
    return p.parse_args()


def missing_prerequisites(ctx, workload):
    from dcctest import paths
    from dcctest.sshd import Sshd
    if not paths.have_debian_distcc():
        return "Debian's distcc 3.4 is not installed (test/install-deps.sh)"
    needs = {"client": ["valgrind"], "journal": ["valgrind"], "ssh": ["ssh", "ssh-keygen"], "builds": ["make", "g++"], "scale": ["make"],
             "faithful": ["make", "gcc"], "hostload": ["gcc"]}
    for tool in needs.get(workload, []):
        if not shutil.which(tool):
            return f"{tool} is not installed (test/install-deps.sh)"
    if workload == "ssh" and not Sshd.available():
        return "the OpenSSH server is not installed (test/install-deps.sh)"
    if workload == "micro" and not os.access(ctx.micro_bench, os.X_OK):
        return "bench/micro-bench was not built (libbenchmark-dev missing?)"
    return None


def main():
    args = parse_args()
    os.environ["DCC_TOP_BUILDDIR"] = args.builddir
    os.environ["DCC_TOP_SRCDIR"] = args.srcdir
    sys.path[:0] = [os.path.join(args.srcdir, "test", "pylib"), os.path.join(args.srcdir, "bench")]
    from benchlib.context import Context
    from benchlib.report import Report

    chosen = [w for w in args.only.split(",") if w] or WORKLOADS
    unknown = [w for w in chosen if w not in MODULES]
    if unknown:
        print(f"unknown workload(s) {unknown}; choose from {WORKLOADS}", file=sys.stderr)
        return 2
    ctx = Context(args.builddir, args.srcdir, args.quick)
    report = Report(ctx)
    failed = False
    try:
        for name in chosen:
            why = missing_prerequisites(ctx, name)
            if why:
                report.note(f"{name}: SKIPPED -- {why}")
                ctx.log(f"{name}: skipped: {why}")
                continue
            ctx.log(f"{name}: start")
            try:
                importlib.import_module("benchlib." + MODULES[name]).run(ctx, report)
            except (Exception, subprocess.SubprocessError) as e:  # one workload failing must not hide the rest
                failed = True
                report.note(f"{name}: FAILED -- {e}")
                traceback.print_exc()
            ctx.log(f"{name}: done")
    finally:
        ctx.cleanup(args.keep or failed)
    text = report.text()
    print("\n" + text)
    # Only a full run goes to the source tree's bench/results; quick and partial runs
    # stay in the build tree.
    full = chosen == WORKLOADS and not args.quick
    results_dir = args.results_dir if full and args.results_dir else os.path.join(args.builddir, "bench", "results")
    path = report.write(results_dir, "" if chosen == WORKLOADS else "-only-" + "-".join(chosen))
    print(f"results written to {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
