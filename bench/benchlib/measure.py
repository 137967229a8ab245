# SPDX-License-Identifier: GPL-2.0-or-later
"""measure -- the instruments every workload uses.

  run_jobs        N copies of a command, P at a time, through bench/job-runner, which
                  sums its children's CPU exactly with wait4 (make and Python excluded)
  CompilerMeter   a PATH directory whose gcc/g++ are bench/cpu-meter copies: every
                  compile a daemon runs appends a line (and its CPU) to a log
  DaemonProbe     a daemon's own CPU (exact runtimes of its distccd processes), its
                  process-tree CPU including compilers, peak RSS of its processes
  callgrind       instructions of one client process (children not traced): exact

Tree CPU: every live process's utime+stime+cutime+cstime.  A reaped process is
counted in its parent's cutime/cstime, so the sum covers workers that exited (distcc
3.4's preforked children leave after 50 jobs) as long as it is read while no job is
running.  Nothing here starts daemons or decides what is good.
"""
import os
import re
import shutil
import subprocess
import threading

CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    pass


class JobStats:
    def __init__(self, fields):
        self.jobs = int(fields["jobs"])
        self.wall = float(fields["wall_s"])
        self.user = float(fields["user_s"])
        self.sys = float(fields["sys_s"])
        self.maxrss_kb = int(fields["maxrss_kb"])
        self.median_latency = float(fields["median_latency_s"])

    @property
    def cpu(self):
        return self.user + self.sys


def run_jobs(ctx, argv, count, parallel, env, cwd, timeout=1800, wrap=()):
    """Run `count` jobs of argv ("%N" = index) `parallel` at a time, job-runner itself
    run by `wrap` (e.g. `ip netns exec NS`); JobStats."""
    cmd = [*wrap, ctx.job_runner, "-j", str(parallel), "-n", str(count), "--", *argv]
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True, timeout=timeout)
    if r.returncode != 0:
        raise BenchError(f"jobs failed: {' '.join(argv)}\n{r.stdout}{r.stderr[-4000:]}")
    fields = dict(word.split("=", 1) for word in r.stdout.split())
    return JobStats(fields)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def tree_pids(root):
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children(pid))
    return out


def proc_stat(pid):
    """(comm, utime, stime, cutime, cstime) in seconds, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    comm = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime..cstime are fields 14..17
    u, s, cu, cs = (int(x) / CLK_TCK for x in fields[11:15])
    return comm, u, s, cu, cs


def tree_cpu(root):
    total = 0.0
    for pid in tree_pids(root):
        st = proc_stat(pid)
        if st:
            total += sum(st[1:])
    return total


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class CompilerMeter:
    """A directory for the front of a daemon's PATH whose compilers are metered."""

    def __init__(self, ctx, name, program=None):
        self.dir = ctx.new_dir(name)
        for compiler in ctx.compiler_names("c") + ctx.compiler_names("c++"):
            dest = os.path.join(self.dir, compiler)
            shutil.copy(program or ctx.cpu_meter, dest)
            os.chmod(dest, 0o755)
        self.log = os.path.join(self.dir, "cpu_meter.log")
        with open(self.log, "a"):
            pass
        os.chmod(self.log, 0o666)

    def path_value(self):
        return self.dir + ":" + os.environ.get("PATH", "/usr/bin:/bin")

    def read(self):
        """(compiles so far, their CPU seconds)."""
        count, micros = 0, 0
        with open(self.log) as f:
            for line in f:
                user, sys_ = line.split()
                count += 1
                micros += int(user) + int(sys_)
        return count, micros / 1e6


def runtime_seconds(pid):
    """Exact CPU time of one task so far (schedstat, ns), or None if gone."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


class DaemonUsage:
    def __init__(self, own_cpu, total_cpu, compiles, peak_rss_kb):
        self.own_cpu = own_cpu            # the distccd processes themselves
        self.total_cpu = total_cpu        # daemon processes and everything they ran
        self.compiler_cpu = total_cpu - own_cpu
        self.compiles = compiles          # from the CompilerMeter log, if any
        self.peak_rss_kb = peak_rss_kb


class DaemonProbe:
    """Measure one daemon across a workload: `with DaemonProbe(daemon, meter) as p:`.

    Own CPU: every process named `comm` (or any of the names in it) in the daemon's tree is sampled every
    `interval` seconds for its exact runtime (/proc/PID/schedstat); the sum over
    all pids seen of (last runtime - runtime at the start) is the daemon's own CPU.
    A worker that exits (both daemons retire workers after 50 jobs) loses only
    what it ran in its last interval, a fraction of a millisecond.  Subtracting
    metered compiler CPU from the tree total instead would charge the daemon with
    the meter's own exit, which costs as much as a whole job's daemon work here.
    """

    def __init__(self, daemon, meter=None, interval=0.1, comm="distccd"):
        self.daemon = daemon
        self.comms = (comm,) if isinstance(comm, str) else tuple(comm)  # a name or several
        self.meter = meter
        self.interval = interval
        self.usage = None
        self._stop = threading.Event()
        self._peak = 0
        self._start = {}
        self._last = {}
        self._thread = None

    def _sample(self):
        while not self._stop.wait(self.interval):
            self._sample_once()

    def _sample_once(self):
        for pid in tree_pids(self.daemon.proc.pid):
            st = proc_stat(pid)
            if not st or st[0] not in self.comms:
                continue
            runtime = runtime_seconds(pid)
            if runtime is not None:
                self._last[pid] = max(runtime, self._last.get(pid, 0.0))
            self._peak = max(self._peak, peak_rss_kb(pid))

    def __enter__(self):
        self._sample_once()
        self._start = dict(self._last)
        self._cpu0 = tree_cpu(self.daemon.proc.pid)
        self._meter0 = self.meter.read()[0] if self.meter else 0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample_once()
        own = sum(last - self._start.get(pid, 0.0) for pid, last in self._last.items())
        total = tree_cpu(self.daemon.proc.pid) - self._cpu0
        compiles = (self.meter.read()[0] - self._meter0) if self.meter else 0
        self.usage = DaemonUsage(own, total, compiles, self._peak)


COLLECTED_RE = re.compile(r"Collected\s*:\s*(\d+)")


def callgrind(argv, env, cwd, timeout=300):
    """Instructions executed by argv's own process (children are not traced)."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True, timeout=timeout)
    m = COLLECTED_RE.search(r.stderr)
    if r.returncode != 0 or not m:
        raise BenchError(f"callgrind of {' '.join(argv)} failed:\n{r.stderr[-3000:]}")
    return int(m.group(1))
