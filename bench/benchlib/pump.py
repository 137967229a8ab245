# SPDX-License-Identifier: GPL-2.0-or-later
"""pump -- what pump mode (doc/pump.md) saves the client, and what a pump job costs
the daemon, ours against Debian's 3.4.

The generated tree (gentree, -O2 -g -MD) is built with make -j8 through each side's
client and daemon, in plain mode (`/8,lzo`: the client runs the preprocessor) and in
pump mode (`/8,cpp,lzo` with INCLUDE_SERVER_PORT: the client only asks the include
server and sends the sources).  Both sides use OUR include server (3.4's Python one
does not run on this system), a fresh one per pump build, as `pump make` would
start.  Reported per build:

  client CPU   make and everything it ran (job-runner's exact sum over its
               children), as in the builds workload; the daemons and the include
               server are not its children and are not counted;
  daemon CPU   per job, the distccd processes themselves (measure.DaemonProbe:
               compilers excluded), in pump mode.

Then the daemon's own CPU per pump job once more without contention: one unit of
the tree compiled again and again, one job at a time (job-runner -j1), through
each side's client and daemon -- on 2 cores a -j8 build keeps every CPU busy, and
this separates what a job costs the daemon from what contention adds to it.

Every build runs with DISTCC_FALLBACK=0, every compile is counted on the daemon
side (measure.CompilerMeter), and make's stderr must hold no `distcc[` line -- a
pump build that fell back to plain mode says so there -- so a build that quietly
did something else fails the run instead of looking fast.  Targets (issue 11): our
client's CPU in pump mode at most 1/5 of plain mode; our daemon's own CPU per pump
job at most 0.25x 3.4's.
"""
import itertools
import subprocess

from dcctest import include_server as isv
from dcctest.include_server import IncludeServer

from . import gentree, measure, servers
from .builds import clean, make_argv
from .report import median

JOBS = 8
MODES = ("plain", "pump")
_server_dirs = itertools.count()


def run_build(ctx, argv, env, cwd):
    """One make under job-runner; JobStats.  Unlike measure.run_jobs it keeps
    make's stderr and fails on any distcc message (a fallback or a warning)."""
    cmd = [ctx.job_runner, "-j", "1", "-n", "1", "--", *argv]
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True, timeout=1800)
    if r.returncode != 0:
        raise measure.BenchError(f"build failed: {' '.join(argv)}\n{r.stdout}{r.stderr[-4000:]}")
    messages = [line for line in r.stderr.splitlines() if line.startswith("distcc[")]
    if messages:
        raise measure.BenchError(f"build {' '.join(argv)}: distcc said\n" + "\n".join(messages[:20]))
    return measure.JobStats(dict(word.split("=", 1) for word in r.stdout.split()))


def one_build(ctx, tree, side, daemon, meter, mode, units):
    clean(tree)
    argv = make_argv(JOBS, side.client)
    if mode == "plain":
        env = ctx.client_env(side, daemon.host_spec(f"/{JOBS},lzo"), DISTCC_FALLBACK=0)
        with measure.DaemonProbe(daemon, meter) as probe:
            stats = run_build(ctx, argv, env, tree)
    else:
        with IncludeServer(ctx.new_dir("pump-include-server", str(next(_server_dirs)))) as server:
            env = ctx.client_env(side, daemon.host_spec(f"/{JOBS},cpp,lzo"), DISTCC_FALLBACK=0,
                                 INCLUDE_SERVER_PORT=server.socket)
            with measure.DaemonProbe(daemon, meter) as probe:
                stats = run_build(ctx, argv, env, tree)
            if server.stderr():
                raise measure.BenchError(f"include server stderr: {server.stderr()[-2000:]}")
    if probe.usage.compiles != units:
        raise measure.BenchError(f"pump {side} {mode}: {probe.usage.compiles} remote compiles, expected {units}")
    return {"wall": stats.wall, "client": stats.cpu, "daemon_own_ms": probe.usage.own_cpu / units * 1e3}


def run(ctx, report):
    if not isv.available():
        report.note("pump: SKIPPED -- include_server/include_server is not built")
        return
    tree = ctx.new_dir("pump-tree")
    units = gentree.write(tree, *ctx.scaled((120, 8), (30, 2)))
    samples = {}
    with servers.Daemons() as ds:
        daemons, meters = {}, {}
        for side in ctx.sides.values():
            meters[side.name] = measure.CompilerMeter(ctx, f"pump-meter-{side.name}")
            daemons[side.name] = ds.add(servers.start_daemon(ctx, side, "pump", meter=meters[side.name]))
        for side in ctx.order(1):
            for mode in MODES:
                result = one_build(ctx, tree, side, daemons[side.name], meters[side.name], mode, units)
                samples.setdefault((side.name, mode), []).append(result)
                ctx.log(f"pump: {side} {mode} client {result['client']:.2f} s CPU, daemon "
                        f"{result['daemon_own_ms']:.2f} ms/job")
        for side in ctx.order(1):
            serial = serial_pump_jobs(ctx, tree, side, daemons[side.name], meters[side.name])
            samples.setdefault((side.name, "serial"), []).append(serial)
            ctx.log(f"pump: {side} serial pump jobs, daemon {serial['daemon_own_ms']:.2f} ms/job")
    report_rows(report, samples, units)


def serial_pump_jobs(ctx, tree, side, daemon, meter):
    count = ctx.scaled(100, 25)
    argv = [side.client, "gcc", "-O2", "-g", "-Iinclude", "-MD", "-c", "src/c0.c", "-o", "obj/serial%N.o"]
    with IncludeServer(ctx.new_dir("pump-include-server", str(next(_server_dirs)))) as server:
        env = ctx.client_env(side, daemon.host_spec("/1,cpp,lzo"), DISTCC_FALLBACK=0,
                             INCLUDE_SERVER_PORT=server.socket)
        with measure.DaemonProbe(daemon, meter) as probe:
            cmd = [ctx.job_runner, "-j", "1", "-n", str(count), "--", *argv]
            r = subprocess.run(cmd, env=env, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True, timeout=1800)
    if r.returncode != 0 or "distcc[" in r.stderr:
        raise measure.BenchError(f"serial pump jobs {side}: {r.stdout}{r.stderr[-4000:]}")
    if probe.usage.compiles != count:
        raise measure.BenchError(f"serial pump jobs {side}: {probe.usage.compiles} remote compiles of {count}")
    return {"daemon_own_ms": probe.usage.own_cpu / count * 1e3}


def report_rows(report, samples, units):
    def m(side, mode, field):
        return median([s[field] for s in samples[(side, mode)]])
    section = f"pump -j{JOBS}"
    for mode in MODES:
        report.row(section, f"{mode} wall", "s", m("ours", mode, "wall"), m("theirs", mode, "wall"))
        report.row(section, f"{mode} client CPU", "s", m("ours", mode, "client"), m("theirs", mode, "client"))
    share = {side: m(side, "pump", "client") / m(side, "plain", "client") for side in ("ours", "theirs")}
    report.row(section, "client CPU pump / plain", "x", share["ours"], share["theirs"], digits=3)
    for mode in MODES:
        report.row(section, f"daemon own CPU, {mode}", "ms/job", m("ours", mode, "daemon_own_ms"),
                   m("theirs", mode, "daemon_own_ms"), digits=3)
    report.row(section, "daemon own CPU, pump, one job at a time", "ms/job", m("ours", "serial", "daemon_own_ms"),
               m("theirs", "serial", "daemon_own_ms"), digits=3)
    report.target("pump: our client CPU, pump vs plain (-j8 build)", "<= 0.2x", f"{share['ours']:.3f}x "
                  f"(3.4's client with our include server: {share['theirs']:.3f}x)", share["ours"] <= 0.2)
    ratio = m("ours", "pump", "daemon_own_ms") / m("theirs", "pump", "daemon_own_ms")
    serial = m("ours", "serial", "daemon_own_ms") / m("theirs", "serial", "daemon_own_ms")
    report.target("pump: daemon own CPU per pump job, ours / 3.4", "<= 0.25x",
                  f"{ratio:.3f}x in the -j8 build ({serial:.3f}x one job at a time)", ratio <= 0.25,
                  "distccd processes only, compilers excluded; judged on the -j8 build")
    report.note(f"pump: generated tree of {units} units, -O2 -g -MD, make -j{JOBS}; both clients use OUR include "
                "server (a fresh one per pump build, its CPU not counted); client CPU counts make, the distcc "
                "clients and what they ran (the preprocessor in plain mode); our daemon runs with --sandbox=off.")
