# SPDX-License-Identifier: GPL-2.0-or-later
"""daemon_throughput -- one daemon with --jobs 2 under 8 parallel streams of small jobs.

8 streams x 100 jobs (8 x 25 in quick mode) of a preprocessed C unit that takes
gcc -O2 about 50 ms, sent as `.i` so the client side runs no preprocessor; the
client is ours for both daemons, so only the daemon differs.  Reported: jobs/s,
the daemon's own CPU per job (measure.DaemonProbe), the compiler CPU per job (the
rest of the daemon's process tree: compilers and their meter), and the peak RSS of
one daemon process.  The 2-core limit is 2 / (compiler CPU per job): no daemon can
go faster on two cores.  CPU that other
processes on the machine took during the run (from /proc/stat) is reported too,
because it lowers the reachable rate and this machine is shared.  A third server,
bench/floor-daemon, does only what every server must (accept, read, write the
input, run the compiler, read the object, reply, clean up): its own CPU per job is
the floor no real daemon can go below on this machine.
"""
import os

from dcctest import gentree

from . import measure, servers
from .report import median

STREAMS = 8


def system_busy_seconds():
    """CPU seconds all processes on the machine have used (from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / measure.CLK_TCK


def prepare(ctx):
    return ctx.source_dir("daemon-throughput", "job", gentree.unit_source(3, 6))


def one_run(ctx, side, daemon, meter, work, count, comm="distccd"):
    client = ctx.sides["ours"].client
    env = ctx.client_env(ctx.sides["ours"], daemon.host_spec(f"/{STREAMS}"))
    busy0 = system_busy_seconds()
    with measure.DaemonProbe(daemon, meter, comm=comm) as probe:
        stats = measure.run_jobs(ctx, [client, "gcc", "-O2", "-c", "job.i", "-o", "obj/%N.o"], count, STREAMS,
                                 env, work)
    others = system_busy_seconds() - busy0 - probe.usage.total_cpu - stats.cpu
    usage = probe.usage
    if usage.compiles != count:
        raise measure.BenchError(f"{side}: daemon ran {usage.compiles} compiles for {count} jobs")
    return {"jobs_s": count / stats.wall, "own_ms": usage.own_cpu / count * 1e3,
            "compiler_ms": usage.compiler_cpu / count * 1e3, "rss_kb": usage.peak_rss_kb,
            "client_ms": stats.cpu / count * 1e3, "others_cores": max(others, 0.0) / stats.wall}


def run(ctx, report):
    count = STREAMS * ctx.scaled(100, 25)
    work = prepare(ctx)
    samples = {"ours": [], "theirs": [], "floor": []}
    with servers.Daemons() as ds:
        daemons, meters = {}, {}
        for side in ctx.sides.values():
            meters[side.name] = measure.CompilerMeter(ctx, f"throughput-meter-{side.name}")
            daemons[side.name] = ds.add(servers.start_daemon(ctx, side, "throughput", meter=meters[side.name],
                                                             jobs=2))
        meters["floor"] = measure.CompilerMeter(ctx, "throughput-meter-floor")
        floor = ds.add(servers.FloorDaemon(ctx, os.path.join(meters["floor"].dir, f"{ctx.triple}-gcc"), 2).start())
        for i, side in enumerate(ctx.order(1)):
            samples[side.name].append(one_run(ctx, side, daemons[side.name], meters[side.name], work, count))
            ctx.log(f"daemon throughput: {side} {samples[side.name][-1]['jobs_s']:.1f} jobs/s")
            if i % 2 == 1:  # the floor between the pairs: ours, 3.4, floor, 3.4, ours, floor
                samples["floor"].append(one_run(ctx, "floor", floor, meters["floor"], work, count, comm="floor-daemon"))

    def m(side, key):
        return median([s[key] for s in samples[side]])
    section = "daemon throughput"
    jobs = report.row(section, f"{STREAMS} streams, --jobs 2: rate", "jobs/s", m("ours", "jobs_s"),
                      m("theirs", "jobs_s"))
    own = report.row(section, "daemon own CPU", "ms/job", m("ours", "own_ms"), m("theirs", "own_ms"), digits=3)
    floor = report.row(section, "floor-daemon own CPU (the floor)", "ms/job", m("floor", "own_ms"), m("theirs", "own_ms"),
                       digits=3)
    report.row(section, "compiler CPU (rest of daemon tree)", "ms/job", m("ours", "compiler_ms"), m("theirs", "compiler_ms"))
    report.row(section, "client CPU (our client)", "ms/job", m("ours", "client_ms"), m("theirs", "client_ms"))
    report.row(section, "peak RSS of a daemon process", "KiB", m("ours", "rss_kb"), m("theirs", "rss_kb"), digits=0)
    report.row(section, "other processes' CPU during run", "cores", m("ours", "others_cores"),
               m("theirs", "others_cores"))
    cores = os.cpu_count() or 2
    limit = cores / (m("ours", "compiler_ms") / 1e3)
    usable = max(cores - m("ours", "others_cores"), 0.1) / (m("ours", "compiler_ms") / 1e3)
    report.row(section, f"{cores}-core limit (compiler CPU)", "jobs/s", limit)
    report.target("daemon own CPU per job", "<= 0.25x distcc 3.4", f"{own.ratio:.3f}x "
                  f"({own.ours:.3f} vs {own.theirs:.3f} ms/job)", own.ratio <= 0.25,
                  f"bench/floor-daemon, which does only what every server must, costs {floor.ours:.3f} ms/job "
                  f"= {floor.ratio:.3f}x distcc 3.4 here; ours is {own.ours / floor.ours:.2f}x that floor")
    report.target(f"daemon jobs/s vs the {cores}-core limit", "within 10% (>= 0.90)",
                  f"{jobs.ours / limit:.3f} of {limit:.1f} jobs/s", jobs.ours >= 0.9 * limit,
                  f"other processes took {m('ours', 'others_cores'):.2f} cores during our runs; against the "
                  f"cores left to us the limit is {usable:.1f} jobs/s, of which we reached "
                  f"{jobs.ours / usable:.3f}; distcc 3.4 reached {jobs.theirs / limit:.3f} of the 2-core limit")
