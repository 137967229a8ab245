# SPDX-License-Identifier: GPL-2.0-or-later
"""client_overhead -- what one distcc invocation costs on top of the compile.

200 sequential compiles (40 in quick mode) of a small C file, as `.c` and as `.i`,
with DISTCC_HOSTS=localhost (the client runs the compiler itself) and with a TCP
host on loopback.  Both clients talk to the same daemon, Debian's distccd 3.4, so
a difference in wall time is the client's.  Reported: wall ms/job, ms/job over a
plain `gcc -c` of the same input, CPU ms/job of the client with its children (cpp,
or the compiler when local), and instructions of the client process alone
(callgrind, children not traced; exact, so one run each).
"""
import os

from . import measure, servers
from .report import median

SMALL_C = """\
#include <stdio.h>
#include <string.h>

struct point { int x, y; };

static int manhattan(struct point a, struct point b)
{
    int dx = a.x > b.x ? a.x - b.x : b.x - a.x;
    int dy = a.y > b.y ? a.y - b.y : b.y - a.y;
    return dx + dy;
}

int route_length(const struct point *p, int n)
{
    int total = 0;
    for (int i = 1; i < n; i++)
        total += manhattan(p[i - 1], p[i]);
    return total;
}

void describe(const char *name, const struct point *p, int n)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s: %d points", name, n);
    printf("%s, length %d (%zu)\\n", buf, route_length(p, n), strlen(name));
}
"""

MODES = [("localhost", ".c"), ("localhost", ".i"), ("tcp", ".c"), ("tcp", ".i")]


def prepare(ctx):
    return ctx.source_dir("client-overhead", "small", SMALL_C)


def compile_argv(suffix):
    return ["gcc", "-O2", "-c", "small" + suffix, "-o", "obj/small.o"]


def run(ctx, report):
    count = ctx.scaled(200, 40)
    work = prepare(ctx)
    theirs = ctx.sides["theirs"]
    meter = measure.CompilerMeter(ctx, "client-overhead-meter")
    with servers.Daemons() as ds:
        daemon = ds.add(servers.start_daemon(ctx, theirs, "client-overhead", meter=meter))
        hosts = {"localhost": "localhost", "tcp": daemon.host_spec()}
        plain = {suffix: [] for suffix in (".c", ".i")}
        walls, cpus = {}, {}
        for side in ctx.order(1):
            for suffix in plain:
                stats = measure.run_jobs(ctx, compile_argv(suffix), count, 1, dict(os.environ), work)
                plain[suffix].append(stats.wall / count)
            for mode, suffix in MODES:
                env = ctx.client_env(side, hosts[mode])
                before = meter.read()[0]
                stats = measure.run_jobs(ctx, [side.client, *compile_argv(suffix)], count, 1, env, work)
                remote = meter.read()[0] - before
                expected = count if mode == "tcp" else 0
                if remote != expected:
                    raise measure.BenchError(f"{side} {mode} {suffix}: {remote} remote compiles, expected {expected}")
                walls.setdefault((side.name, mode, suffix), []).append(stats.wall / count)
                cpus.setdefault((side.name, mode, suffix), []).append(stats.cpu / count)
            ctx.log(f"client overhead: {side} done")
        instructions = {}
        for side in ctx.sides.values():
            for mode, suffix in MODES:
                env = ctx.client_env(side, hosts[mode])
                instructions[(side.name, mode, suffix)] = measure.callgrind(
                    [side.client, *compile_argv(suffix)], env, work)
    section = "client overhead"
    for suffix in plain:
        report.row(section, f"plain gcc -c small{suffix}", "ms/job", median(plain[suffix]) * 1e3)
    ratios = []
    for mode, suffix in MODES:
        key = (mode, suffix)
        label = f"{mode} small{suffix}"
        w = {s: median(walls[(s, *key)]) * 1e3 for s in ("ours", "theirs")}
        base = median(plain[suffix]) * 1e3
        report.row(section, f"{label} wall", "ms/job", w["ours"], w["theirs"])
        report.row(section, f"{label} over plain gcc", "ms/job", w["ours"] - base, w["theirs"] - base)
        report.row(section, f"{label} CPU incl. children", "ms/job",
                   median(cpus[("ours", *key)]) * 1e3, median(cpus[("theirs", *key)]) * 1e3)
        r = report.row(section, f"{label} client instructions", "Minstr/job",
                       instructions[("ours", *key)] / 1e6, instructions[("theirs", *key)] / 1e6, digits=3)
        ratios.append((r.ratio, label))
    worst = max(ratios)
    report.target("client instructions per job", "<= 0.5x distcc 3.4 (every configuration)",
                  f"{worst[0]:.3f}x at worst ({worst[1]})", worst[0] <= 0.5)
    report.note(f"client overhead: {count} sequential jobs per sample; both clients use Debian's distccd "
                "3.4 on loopback for tcp; 'over plain gcc' subtracts a plain gcc -c of the same file run "
                "in the same round, so for tcp it includes the network round trip and the server's work.")
