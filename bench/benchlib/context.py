# SPDX-License-Identifier: GPL-2.0-or-later
"""context -- what every workload needs: the two sides, tools, scratch space, mode.

A Side is one implementation (our distcc + distccd, or Debian's distcc 3.4);
Context.order() gives the interleaving ours, theirs, theirs, ours, ... that every
workload follows.  Quick mode (DCC_BENCH_QUICK=1) shrinks every workload; it keeps
the same measurements so its table has the same shape.  Nothing here measures.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from dcctest import fixtures, paths

OURS = "ours"
THEIRS = "theirs"


class Side:
    def __init__(self, name, client, daemon):
        self.name = name
        self.client = client
        self.daemon = daemon

    def __repr__(self):
        return self.name


class Context:
    def __init__(self, builddir, srcdir, quick):
        self.builddir = builddir
        self.srcdir = srcdir
        self.quick = quick
        self.started = time.monotonic()
        base = os.environ.get("TMPDIR") or "/tmp"
        self.scratch = tempfile.mkdtemp(prefix="dcc-bench-", dir=base)
        os.chmod(self.scratch, 0o755)  # daemons that dropped root must reach their temp dirs
        self.sides = {OURS: Side(OURS, os.path.join(builddir, "distcc"), os.path.join(builddir, "distccd")),
                      THEIRS: Side(THEIRS, paths.DEBIAN_DISTCC, paths.DEBIAN_DISTCCD)}
        self.job_runner = os.path.join(builddir, "bench", "job-runner")
        self.cpu_meter = os.path.join(builddir, "bench", "cpu-meter")
        self.sleep_cc = os.path.join(builddir, "bench", "sleep-cc")
        self.micro_bench = os.path.join(builddir, "bench", "micro-bench")
        self.floor_daemon = os.path.join(builddir, "bench", "floor-daemon")
        self.triple = subprocess.run(["gcc", "-dumpmachine"], capture_output=True, text=True,
                                     check=True).stdout.strip()

    def order(self, rounds):
        """[ours, theirs, theirs, ours] repeated `rounds` times, as Side objects."""
        return [self.sides[name] for _ in range(rounds) for name in (OURS, THEIRS, THEIRS, OURS)]

    def scaled(self, full, quick):
        return quick if self.quick else full

    def log(self, message):
        print(f"[bench {time.monotonic() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)

    def new_dir(self, *parts, mode=0o755):
        path = os.path.join(self.scratch, *parts)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, mode)
        return path

    def source_dir(self, name, stem, text):
        """A new scratch directory `name` holding <stem>.c with `text`, its
        preprocessed <stem>.i (gcc -E) and an empty obj/: what the per-job
        workloads compile, again and again."""
        work = self.new_dir(name)
        os.makedirs(os.path.join(work, "obj"), exist_ok=True)
        with open(os.path.join(work, stem + ".c"), "w") as f:
            f.write(text)
        subprocess.run(["gcc", "-E", stem + ".c", "-o", stem + ".i"], cwd=work, check=True)
        return work

    def client_env(self, side, hosts, **extra):
        """A clean client environment with a DISTCC_DIR of this side's own."""
        work = self.new_dir("client-" + side.name)
        env = fixtures.clean_client_env(work, hosts=hosts, **extra)
        return env

    def compiler_names(self, language="c"):
        """What a client may send as the compiler: the name and its triple form."""
        base = ["gcc", "cc"] if language == "c" else ["g++", "c++"]
        return base + [f"{self.triple}-{name}" for name in base if name in ("gcc", "g++")]

    def cleanup(self, keep):
        if keep:
            self.log(f"scratch directory kept: {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)
