# SPDX-License-Identifier: GPL-2.0-or-later
"""builds -- a whole generated C/C++ tree (gentree) built with make -j4 and -j8.

Modes: local (DISTCC_HOSTS=localhost/<j>: the client runs every compiler itself),
tcp (each side's own daemon on loopback, host limit <j>) and lzo (the same with
,lzo).  A plain `make CC=gcc CXX=g++` build is the reference.  Reported per build:
wall time, client CPU (make and everything it ran, summed exactly by job-runner)
and server CPU (the daemon's process tree, compilers included).  Remote builds run
with DISTCC_FALLBACK=0 and every compile is counted on the daemon side, so a build
that quietly compiled locally fails the run instead of looking fast.
"""
import os
import subprocess

from . import gentree, measure, servers
from .report import median

MODES = ["local", "tcp", "lzo"]


def make_argv(jobs, client):
    cc, cxx = (f"{client} gcc", f"{client} g++") if client else ("gcc", "g++")
    return ["make", "-s", f"-j{jobs}", f"CC={cc}", f"CXX={cxx}"]


def clean(tree):
    subprocess.run(["make", "-s", "clean"], cwd=tree, check=True, stdout=subprocess.DEVNULL)


def one_build(ctx, tree, argv, env, daemon=None, meter=None):
    clean(tree)
    if daemon is None:
        stats = measure.run_jobs(ctx, argv, 1, 1, env, tree)
        return {"wall": stats.wall, "client": stats.cpu, "server": 0.0, "compiles": 0}
    with measure.DaemonProbe(daemon, meter) as probe:
        stats = measure.run_jobs(ctx, argv, 1, 1, env, tree)
    return {"wall": stats.wall, "client": stats.cpu, "server": probe.usage.total_cpu,
            "compiles": probe.usage.compiles}


def run(ctx, report):
    tree = ctx.new_dir("tree")
    units = gentree.write(tree, *ctx.scaled((120, 8), (30, 2)))
    levels = [4, 8]
    samples = {}
    with servers.Daemons() as ds:
        daemons, meters = {}, {}
        for side in ctx.sides.values():
            meters[side.name] = measure.CompilerMeter(ctx, f"builds-meter-{side.name}")
            daemons[side.name] = ds.add(servers.start_daemon(ctx, side, "builds", meter=meters[side.name]))
        for jobs in levels:
            for side in ctx.order(1):
                if side.name == "ours":  # the reference twice per level, at both ends of the round
                    plain = one_build(ctx, tree, make_argv(jobs, None), dict(os.environ))
                    samples.setdefault(("plain", jobs, "plain"), []).append(plain)
                for mode in MODES:
                    d = daemons[side.name]
                    hosts = f"localhost/{jobs}" if mode == "local" else d.host_spec(f"/{jobs}" + (",lzo" if mode == "lzo" else ""))
                    env = ctx.client_env(side, hosts, DISTCC_FALLBACK=0)
                    result = one_build(ctx, tree, make_argv(jobs, side.client), env, d, meters[side.name])
                    expected = 0 if mode == "local" else units
                    if result["compiles"] != expected:
                        raise measure.BenchError(f"{side} {mode} -j{jobs}: {result['compiles']} remote compiles, "
                                                 f"expected {expected}")
                    samples.setdefault((side.name, jobs, mode), []).append(result)
                ctx.log(f"builds: -j{jobs} {side} done")
    report_rows(report, samples, levels, units)


def report_rows(report, samples, levels, units):
    def m(key, field):
        return median([s[field] for s in samples[key]])
    for jobs in levels:
        section = f"build -j{jobs}"
        report.row(section, "plain make, gcc (reference) wall", "s", m(("plain", jobs, "plain"), "wall"))
        for mode in MODES:
            o, t = ("ours", jobs, mode), ("theirs", jobs, mode)
            report.row(section, f"{mode} wall", "s", m(o, "wall"), m(t, "wall"))
            report.row(section, f"{mode} client CPU", "s", m(o, "client"), m(t, "client"))
            if mode != "local":
                report.row(section, f"{mode} server CPU", "s", m(o, "server"), m(t, "server"))
    report.note(f"builds: generated tree of {units} units (C and C++, 120 project headers plus system headers), "
                "-O2 -g -MD; client CPU counts make, the distcc clients and every preprocessor or compiler they "
                "ran; server CPU counts the daemon and its compilers; local = DISTCC_HOSTS=localhost/<j>.")
