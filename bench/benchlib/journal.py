# SPDX-License-Identifier: GPL-2.0-or-later
"""journal -- what the job journal (DISTCC_JOURNAL, doc/client.md §19) costs the client.

Our client only (3.4 has no journal): sequential compiles of an already preprocessed
small `.i` file to a TCP host on loopback (Debian's distccd 3.4), so that no
preprocessor runs and the CPU the job runner measures for its children is the
client's own.  Rounds alternate journal off / on / on / off; reported: client CPU
per job (median over rounds) each way and the difference, and the instructions of
the client process alone each way (callgrind, exact).  Target: the journal adds
<= 2% client CPU per job.  Every run's journal is checked to hold one parseable line
per job, so the cost measured is of a journal that works.
"""
import json
import os

from . import client_overhead, measure, servers
from .report import median


def check_journal(path, expected):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) != expected:
        raise measure.BenchError(f"journal {path}: {len(lines)} lines, expected {expected}")
    for line in lines:
        record = json.loads(line)
        if record.get("outcome") != "remote":
            raise measure.BenchError(f"journal {path}: a job did not run remotely: {line[:300]}")


def run(ctx, report):
    # About 1200 client runs in all: a few minutes on a busy 2-core machine.
    count = ctx.scaled(100, 40)
    rounds = ctx.scaled(3, 2)
    work = client_overhead.prepare(ctx)
    ours = ctx.sides["ours"]
    argv = [ours.client, *client_overhead.compile_argv(".i")]
    cpu = {"off": [], "on": []}
    with servers.Daemons() as ds:
        daemon = ds.add(servers.start_daemon(ctx, ctx.sides["theirs"], "journal"))
        base_env = ctx.client_env(ours, daemon.host_spec())
        journal_dir = ctx.new_dir("journal-files")
        for index in range(rounds):
            for state in ("off", "on", "on", "off"):
                env = dict(base_env)
                path = None
                if state == "on":
                    path = os.path.join(journal_dir, f"round{index}-{len(cpu['on'])}.jsonl")
                    env["DISTCC_JOURNAL"] = path
                stats = measure.run_jobs(ctx, argv, count, 1, env, work)
                cpu[state].append(stats.cpu / count)
                if path:
                    check_journal(path, count)
            ctx.log(f"journal: round {index + 1}/{rounds} done")
        instructions = {}
        for state in ("off", "on"):
            env = dict(base_env)
            if state == "on":
                env["DISTCC_JOURNAL"] = os.path.join(journal_dir, "callgrind.jsonl")
            instructions[state] = measure.callgrind(argv, env, work)
    section = "job journal"
    off, on = median(cpu["off"]) * 1e6, median(cpu["on"]) * 1e6
    report.row(section, "client CPU, journal off", "us/job", off)
    report.row(section, "client CPU, journal on", "us/job", on)
    report.row(section, "journal cost", "us/job", on - off)
    report.row(section, "client instructions, journal off", "Minstr/job", instructions["off"] / 1e6, digits=3)
    report.row(section, "client instructions, journal on", "Minstr/job", instructions["on"] / 1e6, digits=3)
    share = (on - off) / off if off > 0 else float("nan")
    instr_share = (instructions["on"] - instructions["off"]) / instructions["off"]
    report.target("job journal client CPU per job", "<= 2% more than without",
                  f"{share * 100:+.2f}% CPU ({on - off:+.1f} us/job), {instr_share * 100:+.2f}% instructions",
                  share <= 0.02)
    report.note(f"job journal: {count} sequential tcp jobs of small.i per sample, {rounds} rounds of "
                "off/on/on/off; client CPU is the job runner's children (no preprocessor runs for .i); "
                "instructions are of the client process alone (callgrind).")
