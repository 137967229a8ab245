# SPDX-License-Identifier: GPL-2.0-or-later
"""faithful -- warning-faithful plain mode against full preprocessing (doc/client.md
§9.1, issue 14): the generated tree (gentree) and libiberty, each built with gcc at
-O2 -g through our client and our daemon with DISTCC_PREPROCESS=full and =faithful.

Reported per workload and mode: client CPU per job (make -j2 and everything it ran:
the clients and their preprocessors, from getrusage of the reaped children, so the
daemon's compilers are not in it), bytes sent per job (the job journal's bytes_sent:
the DOTI as it went over the wire), and object identity at -g against a plain local
build at the same path: byte-identical, differing only in DW_AT_producer (gcc
records the server's -fdirectives-only), only in DWARF columns (full mode where
macros expand), or otherwise.  Every build runs with DISTCC_FALLBACK=0 and must have
every job logged by the daemon as remote.

The timed rounds use TCP only; after them each mode is built once more over ,lzo just
to count the compressed bytes on the wire (bytes_sent counts what was written to the
socket), so LZO costs one build per mode, not one per round.  Those rows' client CPU
is that single build's.
"""
import json
import os
import resource
import subprocess

from dcctest import objects, projects, trees

from . import gentree, servers

# (DISTCC_PREPROCESS, host options): the timed rounds over TCP; one build each over
# LZO afterwards for the compressed bytes.
MODES = [("full", ""), ("faithful", "")]
LZO_MODES = [("full", ",lzo"), ("faithful", ",lzo")]


def children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def build(path, argv, env):
    """Run one build; (client CPU seconds, CompletedProcess)."""
    before = children_cpu()
    r = subprocess.run(argv, cwd=path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=900)
    return children_cpu() - before, r


def identity(built, local):
    """{verdict: count} of the objects of `built` against `local`."""
    counts = {"identical": 0, "producer-only": 0, "columns-only": 0, "different": 0}
    for rel in trees.object_files(local):
        a, b = os.path.join(built, rel), os.path.join(local, rel)
        verdict, _sections = objects.compare(a, b)
        if verdict == "identical":
            counts["identical"] += 1
        elif objects.compare_modulo_producer(a, b):
            counts["producer-only"] += 1
        elif objects.compare_modulo_columns(a, b):
            counts["columns-only"] += 1
        else:
            counts["different"] += 1
    return counts


def journal_jobs(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class GeneratedTree:
    name = "generated tree"

    def __init__(self, ctx):
        self.path = ctx.new_dir("faithful-tree")
        gentree.write(self.path, *ctx.scaled((60, 8), (20, 2)))
        self.local = self.path + ".local"
        subprocess.run(["make", "-s", "clean"], cwd=self.path, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["make", "-s", "-j2", "CC=gcc", "CXX=g++"], cwd=self.path, check=True)
        trees.collect_outputs(self.path, self.local)

    def argv(self, client):
        return ["make", "-s", "-j2", f"CC={client} gcc", f"CXX={client} g++"]

    def clean(self):
        subprocess.run(["make", "-s", "clean"], cwd=self.path, check=True, stdout=subprocess.DEVNULL)


class Libiberty:
    name = "libiberty"

    def __init__(self, ctx):
        self.project = projects.Libiberty(ctx.new_dir("faithful-projects"))
        self.path, self.local = self.project.path, self.project.local

    def argv(self, client):
        return ["make", "-j2", f"CC={client} gcc"]

    def clean(self):
        self.project._clean()


def build_once(ctx, ours, daemon, w, preprocess, options, rnd, identify):
    """One clean build of workload `w` in one mode: (client CPU s per job, bytes sent
    per job, jobs, identity counts or None)."""
    mode = preprocess + options
    journal = os.path.join(ctx.new_dir("faithful-journal"), f"{w.name}-{mode}-{rnd}.jsonl")
    env = ctx.client_env(ours, daemon.host_spec("/4" + options), DISTCC_FALLBACK=0,
                         DISTCC_PREPROCESS=preprocess, DISTCC_JOURNAL=journal)
    w.clean()
    cpu, r = build(w.path, w.argv(ours.client), env)
    if r.returncode != 0:
        raise RuntimeError(f"{w.name} {mode}: build failed: {r.stderr[-2000:]}")
    jobs = [j for j in journal_jobs(journal) if j.get("mode") not in (None, "local")]
    remote = [j for j in jobs if j.get("outcome") == "remote"]
    if len(remote) != len(jobs) or not jobs:
        raise RuntimeError(f"{w.name} {mode}: {len(jobs) - len(remote)} of {len(jobs)} jobs not remote")
    sent = sum(j.get("bytes_sent", 0) for j in jobs) / len(jobs)
    ids = identity(w.path, w.local) if identify else None
    ctx.log(f"faithful: {w.name} {mode} round {rnd}: {len(jobs)} jobs, {cpu:.2f} s client CPU, "
            f"{sent:.0f} bytes sent/job")
    return cpu / len(jobs), sent, len(jobs), ids


def run(ctx, report):
    ours = ctx.sides["ours"]
    lines = [f"{'workload':16} {'mode':13} {'jobs':>5} {'client CPU/job ms':>18} {'bytes sent/job':>15} "
             f"{'identical':>10} {'producer-only':>14} {'columns-only':>13} {'different':>10}"]
    with servers.Daemons() as ds:
        daemon = ds.add(servers.start_daemon(ctx, ours, "faithful"))
        workloads = [GeneratedTree(ctx)]
        try:
            workloads.append(Libiberty(ctx))
        except projects.Unavailable as e:
            report.note(f"faithful: libiberty skipped -- {e}")
        for w in workloads:
            rounds = [MODES if rnd % 2 == 0 else MODES[::-1] for rnd in range(ctx.scaled(3, 1))] + [LZO_MODES]
            for rnd, modes in enumerate(rounds):
                for preprocess, options in modes:
                    sample = build_once(ctx, ours, daemon, w, preprocess, options, rnd, identify=rnd == 0)
                    run.samples.setdefault((w.name, preprocess + options), []).append(sample)
        for (name, mode), samples in run.samples.items():
            cpus = sorted(s[0] for s in samples)
            cpu = cpus[len(cpus) // 2]
            sent, jobs, ids = samples[0][1], samples[0][2], samples[0][3]
            counts = [f"{ids[k]:{w}d}" for k, w in (("identical", 10), ("producer-only", 14), ("columns-only", 13),
                                                     ("different", 10))] if ids else []
            lines.append(f"{name:16} {mode:13} {jobs:5d} {cpu * 1000:18.1f} {sent:15.0f} " + " ".join(counts))
    report.extra.append(("Warning-faithful vs full preprocessing (gcc -O2 -g, our client and daemon, TCP "
                         "and one LZO build per mode)",
                         "\n".join(lines)))


run.samples = {}
