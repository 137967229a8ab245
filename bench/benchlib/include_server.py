# SPDX-License-Identifier: GPL-2.0-or-later
"""include_server -- the pump-mode include server against gcc -E on the same units.

The work pump mode saves is the client's `gcc -E`; the include server's analysis
replaces it.  On a generated tree of 200 units sharing headers (dcctest.pumptree,
one in eight in C++) this measures: gcc -E's CPU per unit; the include server's own
CPU per unit (its threads' run time from /proc, ns resolution; the compiler probe
is a child and not counted) for the first unit of a fresh server, for a whole cold
pass and for warm passes, each pass paired with a gcc -E pass just before it (the
ratios are medians over the pairs: gcc -E's CPU varies with the machine's load); start-up to a ready socket; peak RSS after the passes; and
throughput under 32 concurrent clients against the same server restricted to one
thread and one client at a time.  distcc 3.4's Python include server cannot serve
on this Python; its analysis is timed in-process instead (upstream_include_server.py,
copies not written) as the bound on its serial throughput.
"""
import concurrent.futures
import glob
import json
import os
import resource
import subprocess
import sys
import time

from dcctest import include_server as isv
from dcctest import pumptree
from dcctest.include_server import IncludeServer

from .report import median

UNITS = 200
CLIENTS = 32


def server_cpu(pid):
    """Run time of all the server's threads so far, in seconds (schedstat, ns)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total / 1e9


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def gcc_e_cpu(commands):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for cwd, argv in commands:
        e = [w for w in argv if w not in ("-c",)]
        e = e[:e.index("-o")] + ["-E", "-o", "/dev/null"]
        subprocess.run(e, cwd=cwd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / len(commands)


def _ask_chunk(args):
    socket_path, chunk = args
    return all(isv.parse_reply(isv.exchange(socket_path, isv.request_bytes(cwd, argv), timeout=300))
               for cwd, argv in chunk)


def ask_all(server, commands, clients):
    """(wall seconds, server CPU seconds) to get every reply with `clients` client
    processes (not threads: clients must not share one interpreter lock), the
    processes started before the clock."""
    if clients == 1:
        cpu, start = server_cpu(server.pid), time.monotonic()
        covered = _ask_chunk((server.socket, commands))
        wall = time.monotonic() - start
    else:
        chunks = [(server.socket, commands[i::clients]) for i in range(clients)]
        with concurrent.futures.ProcessPoolExecutor(clients) as pool:
            list(pool.map(_ask_chunk, [(server.socket, commands[:1])] * clients))  # start them all
            cpu, start = server_cpu(server.pid), time.monotonic()
            covered = all(pool.map(_ask_chunk, chunks))
            wall = time.monotonic() - start
    assert covered, "a unit was not covered"
    return wall, server_cpu(server.pid) - cpu


def upstream_times(ctx, commands, rounds):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstream_include_server.py")
    path = os.path.join(ctx.scratch, "upstream-commands.json")
    with open(path, "w") as f:
        json.dump(commands, f)
    r = subprocess.run([sys.executable, script, path, str(rounds)], capture_output=True, text=True, timeout=3600)
    if r.returncode != 0:
        return None, r.stderr[-500:]
    return json.loads(r.stdout), ""


def run(ctx, report):
    if not isv.available():
        report.note("include_server: SKIPPED -- include_server/include_server is not built")
        return
    units = ctx.scaled(UNITS, 60)
    tree, _ = pumptree.write(ctx.new_dir("pumptree"), units=units, cxx_every=8)
    commands = pumptree.compile_commands(tree)
    work = ctx.new_dir("include-server")
    starts, start_cpu = [], []
    for i in range(ctx.scaled(20, 5)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        s = IncludeServer(work, name=f"start{i}").start()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        starts.append(s.start_seconds)
        start_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime +
                         server_cpu(s.pid))
        s.stop()

    # gcc -E's CPU per unit varies from run to run with the machine's load: each
    # pass of the include server is paired with a gcc -E pass over the same units
    # just before it, and the ratios are medians of those pairs.
    gcc_e_passes, firsts, colds, cold_ratios = [], [], [], []
    for i in range(ctx.scaled(3, 1)):
        gcc_e_passes.append(gcc_e_cpu(commands))
        with IncludeServer(work, name=f"cold{i}") as server:
            base = server_cpu(server.pid)
            ask_all(server, commands[:1], 1)
            firsts.append(server_cpu(server.pid) - base)
            ask_all(server, commands[1:], 1)
            colds.append((server_cpu(server.pid) - base) / len(commands))
        cold_ratios.append(colds[-1] / gcc_e_passes[-1])
    with IncludeServer(work, name="warm") as server:
        ask_all(server, commands, 1)
        warms, warm_ratios = [], []
        for _ in range(ctx.scaled(5, 2)):
            gcc_e_passes.append(gcc_e_cpu(commands))
            base = server_cpu(server.pid)
            ask_all(server, commands, 1)
            warms.append((server_cpu(server.pid) - base) / len(commands))
            warm_ratios.append(warms[-1] / gcc_e_passes[-1])
        rss = peak_rss_kb(server.pid)
        loaded = commands * ctx.scaled(5, 2)
        wall, cpu = ask_all(server, loaded, CLIENTS)
        parallel, capacity = len(loaded) / wall, len(loaded) / cpu
    with IncludeServer(work, name="serial", args=["--threads", "1"]) as server:
        ask_all(server, commands, 1)
        serial = len(loaded) / ask_all(server, loaded, 1)[0]
    gcc_e, first, cold, warm = median(gcc_e_passes), median(firsts), median(colds), median(warms)
    warm_ratio, cold_ratio = median(warm_ratios), median(cold_ratios)
    ctx.log(f"include_server: gcc -E {gcc_e * 1e3:.2f} ms CPU per unit (passes: "
            f"{', '.join(f'{x * 1e3:.1f}' for x in gcc_e_passes)})")

    report.row("include_server", "gcc -E CPU per unit", "ms", gcc_e * 1e3)
    report.row("include_server", "analysis CPU, first unit of a fresh server", "ms", first * 1e3, gcc_e * 1e3)
    report.row("include_server", "analysis CPU per unit, cold pass", "ms", cold * 1e3, gcc_e * 1e3, digits=3)
    report.row("include_server", "analysis CPU per unit, warm", "ms", warm * 1e3, gcc_e * 1e3, digits=4)
    report.row("include_server", "start-up to a ready socket", "ms", median(starts) * 1e3)
    report.row("include_server", "start-up CPU (parent and server)", "ms", median(start_cpu) * 1e3)
    report.row("include_server", f"peak RSS, {len(commands)} units", "MiB", rss / 1024)
    report.row("include_server", f"requests/s, {CLIENTS} clients vs 1 thread serial", "req/s", parallel, serial)
    report.row("include_server", f"requests per server CPU second, {CLIENTS} clients", "req/s", capacity)
    report.target("include server warm CPU <= 1/200 of gcc -E", "<= 0.005", f"{warm_ratio:.4f}",
                  warm_ratio <= 1 / 200, f"median of {len(warm_ratios)} paired passes; "
                  f"each: {', '.join(f'{x:.4f}' for x in warm_ratios)}")
    report.target("include server cold CPU <= 1/50 of gcc -E (cold pass)", "<= 0.02", f"{cold_ratio:.4f}",
                  cold_ratio <= 1 / 50, f"median of {len(cold_ratios)} fresh servers; first unit alone: "
                  f"{first / gcc_e:.3f}")
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    report.target("include server start-up <= 20 ms", "<= 20 ms", f"{median(starts) * 1e3:.1f} ms",
                  median(starts) <= 0.020, f"CPU {median(start_cpu) * 1e3:.1f} ms; load average {load}")
    report.target(f"include server peak RSS <= 10 MiB ({len(commands)} units)", "<= 10 MiB",
                  f"{rss / 1024:.1f} MiB", rss <= 10 * 1024)

    times, why = upstream_times(ctx, commands, 2)
    if times is None:
        report.note(f"include_server: upstream analysis could not be timed: {why}")
        return
    upstream_warm = median(times[len(commands):])
    upstream_cold = sum(times[:len(commands)]) / len(commands)
    report.row("include_server", "upstream (3.4 Python) analysis CPU per unit, cold pass", "ms",
               cold * 1e3, upstream_cold * 1e3, digits=3)
    report.row("include_server", "upstream (3.4 Python) analysis CPU per unit, warm", "ms",
               warm * 1e3, upstream_warm * 1e3, digits=4)
    upstream_rate = 1 / upstream_warm
    report.target("32 clients >= 20x upstream's serial include server (wall)", ">= 20x",
                  f"{parallel / upstream_rate:.1f}x", parallel >= 20 * upstream_rate,
                  f"upstream bound {upstream_rate:.0f} req/s (its analysis alone, no copies, no socket); "
                  f"wall-clock rates depend on the machine's load")
    cores = os.cpu_count() or 1
    report.target("32 clients >= 20x upstream's serial include server (CPU capacity)", ">= 20x",
                  f"{capacity * cores / upstream_rate:.1f}x", capacity * cores >= 20 * upstream_rate,
                  f"{capacity:.0f} requests per server CPU second x {cores} cores")
