# SPDX-License-Identifier: GPL-2.0-or-later
"""servers -- starting the daemons the workloads measure, the same way for both sides.

Every daemon runs in the foreground (dcctest.daemons.Daemon: stopped by PID), logs at
`notice` (distccd's default level, so logging costs what it costs users), and gets a
PATH whose first directory holds the compilers it should run: cpu-meter copies
(measure.CompilerMeter) or the scale workload's sleeping fake compiler.
"""
import os
import subprocess

from dcctest import daemons, procs


def start_daemon(ctx, side, name, meter=None, jobs=None, listen="127.0.0.1", port=None, extra_args=()):
    # Ours runs with --sandbox=off unless extra_args choose: the CPU meter logs beside
    # itself, outside any job directory, which the sandbox makes read-only, and distcc
    # 3.4 has no sandbox to compare with.  The sandbox workload measures its cost.
    # Pump trees go where a default daemon puts them (--pump-tmpdir's default), not
    # into the test harness's TMPDIR.
    if side.name == "ours" and not any(a.startswith("--sandbox") for a in extra_args):
        extra_args = [*extra_args, "--sandbox=off"]
    env = dict(os.environ)
    if meter is not None:
        env["PATH"] = meter.path_value()
    d = daemons.Daemon(side.daemon, ctx.new_dir("daemons", mode=0o755), port=port, jobs=jobs, listen=listen,
                       allow=("127.0.0.0/8",), env=env, log_level="notice", name=f"{name}-{side.name}",
                       extra_args=extra_args, pump_tmpdir=False)
    return d.start()


class FloorDaemon:
    """bench/floor-daemon (the least work a server must do per job) on a loopback
    port, with `workers` processes running `compiler`; stopped by PID like Daemon."""

    def __init__(self, ctx, compiler, workers):
        self.binary = ctx.floor_daemon
        self.port = procs.free_port()
        self.tmpdir = ctx.new_dir("daemons", f"floor-{self.port}.tmp")
        self.argv = [self.binary, str(self.port), str(workers), compiler, self.tmpdir]
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        procs.wait_for_port(self.port, timeout=15, proc=self.proc)
        return self

    def stop(self):
        if self.proc is not None:
            procs.stop_pid(self.proc.pid)
            self.proc = None

    def host_spec(self, options=""):
        return f"127.0.0.1:{self.port}{options}"


class Daemons:
    """Several daemons stopped together (in reverse order) when the block ends."""

    def __init__(self):
        self.items = []

    def add(self, daemon):
        self.items.append(daemon)
        return daemon

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for d in reversed(self.items):
            d.stop()
