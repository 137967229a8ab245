# SPDX-License-Identifier: GPL-2.0-or-later
"""scale -- many hosts: does the client's host picker stay cheap as the list grows?

Up to 50 daemons per side, one per loopback address 127.0.1.<k>, each with
--jobs 4 and, first on its PATH, bench/sleep-cc under the compiler's names: it
sleeps SLEEP_MS and writes a ready-made object, so the daemons use almost no CPU
and the jobs never compete with compilers.  The client sees `gcc -c job.i` as
usual (a preprocessed input: no local preprocessor either).  For each host count
N, 20 jobs per host run with -j200 (N hosts x 4 slots; all 200 client processes
start at once at N=50), so every run lasts about five compile waves.  Reported:
jobs/s against the ideal 4N / SLEEP_MS, and client CPU per job (every distcc
process, summed exactly by job-runner).  The client must not get costlier per job
as hosts are added: distcc 3.4 tries the slot lock files one by one.
"""
import os
import subprocess

from . import measure, servers
from .report import median

SLEEP_MS = 1000
SLOTS_PER_HOST = 4
JOBS_PER_HOST = 20
PARALLEL = 200


def address(k):
    return f"127.0.1.{k + 1}"


def prepare(ctx):
    work = ctx.source_dir("scale", "job", "int scale_job(int x) { return x * 3 + 1; }\n")
    fake = measure.CompilerMeter(ctx, "scale-compilers", program=ctx.sleep_cc)
    with open(os.path.join(fake.dir, "sleep_ms"), "w") as f:
        f.write(str(SLEEP_MS))
    subprocess.run(["gcc", "-c", "job.i", "-o", os.path.join(fake.dir, "template.o")], cwd=work, check=True)
    return work, fake


def start_fleet(ctx, side, count, fake, port):
    fleet = []
    for k in range(count):
        fleet.append(servers.start_daemon(ctx, side, f"scale{k}", meter=fake, jobs=SLOTS_PER_HOST,
                                          listen=address(k), port=port))
    return fleet


def one_run(ctx, side, fleet, hosts, work):
    spec = " ".join(d.host_spec(f"/{SLOTS_PER_HOST}") for d in fleet[:hosts])
    env = ctx.client_env(side, spec, DISTCC_FALLBACK=0)
    count = JOBS_PER_HOST * hosts
    stats = measure.run_jobs(ctx, [side.client, "gcc", "-c", "job.i", "-o", "obj/%N.o"], count, PARALLEL, env, work)
    return {"rate": count / stats.wall, "cpu_ms": stats.cpu / count * 1e3}


def run(ctx, report):
    counts = ctx.scaled([1, 5, 10, 25, 50], [1, 10, 50])
    work, fake = prepare(ctx)
    from dcctest import procs
    samples = {}
    with servers.Daemons() as ds:
        fleets = {}
        for side in ctx.sides.values():
            port = procs.free_port()
            fleets[side.name] = [ds.add(d) for d in start_fleet(ctx, side, max(counts), fake, port)]
            ctx.log(f"scale: {len(fleets[side.name])} {side} daemons on port {port}")
        for hosts in counts:
            for side in ctx.order(1):
                samples.setdefault((side.name, hosts), []).append(one_run(ctx, side, fleets[side.name], hosts, work))
            ctx.log(f"scale: {hosts} hosts done")

    def m(side, hosts, key):
        return median([s[key] for s in samples[(side, hosts)]])
    for hosts in counts:
        ideal = hosts * SLOTS_PER_HOST / (SLEEP_MS / 1e3)
        section = f"scale {hosts} host{'s' if hosts > 1 else ''}"
        report.row(section, f"rate (ideal {ideal:.0f})", "jobs/s", m("ours", hosts, "rate"), m("theirs", hosts, "rate"))
        report.row(section, "rate / ideal", "", m("ours", hosts, "rate") / ideal, m("theirs", hosts, "rate") / ideal)
        report.row(section, "client CPU", "ms/job", m("ours", hosts, "cpu_ms"), m("theirs", hosts, "cpu_ms"), digits=3)
    first, last = counts[0], counts[-1]
    growth = {s: m(s, last, "cpu_ms") / m(s, first, "cpu_ms") for s in ("ours", "theirs")}
    report.row("scale", f"client CPU/job, {last} hosts / {first}", "x", growth["ours"], growth["theirs"], digits=3)
    report.target(f"client CPU per job at {last} hosts", f"<= 1.5x that at {first} host",
                  f"{growth['ours']:.3f}x (distcc 3.4: {growth['theirs']:.3f}x)", growth["ours"] <= 1.5)
    report.note(f"scale: fake compiler sleeps {SLEEP_MS} ms; {JOBS_PER_HOST} jobs per host, -j{PARALLEL}, "
                f"{SLOTS_PER_HOST} slots per host (DISTCC_HOSTS 127.0.1.k:port/{SLOTS_PER_HOST}); client CPU "
                "includes its waiting for a free slot (DISTCC_PAUSE_TIME_MSEC default, 1 s).")
