"""Daemon: one distccd (ours or Debian's 3.4) serving on a loopback port.

The daemon runs in the foreground (--daemon --no-detach) so the PID we started is the
main process; stop() sends SIGTERM to that PID only.  When the tests run as root the
daemon drops privileges (ours to distcc, else distccd, else nobody; Debian's to
distccd), so its log file, pid file and TMPDIR are made writable for any user.
Ours also gets `--pump-tmpdir` its TMPDIR, so pump jobs leave nothing in /dev/shm
and tests see their trees (the bench passes pump_tmpdir=False: the default).
"""
import os
import re

from . import paths, procs

SUMMARY_RE = re.compile(
    r"client: (?P<addr>\S+) (?P<category>[A-Z_]+) exit:(?P<exit>-?\d+) sig:(?P<sig>\d+) "
    r"core:(?P<core>\d+) ret:(?P<ret>\d+) time:(?P<ms>\d+)ms(?: (?P<compiler>\S+) (?P<input>\S+))?")


def world_writable_file(path):
    with open(path, "a"):
        pass
    os.chmod(path, 0o666)


class Daemon:
    """A distccd process.  `binary` is paths.OUR_DISTCCD or paths.DEBIAN_DISTCCD."""

    def __init__(self, binary, workdir, port=None, allow=("127.0.0.1",), jobs=None,
                 listen="127.0.0.1", extra_args=(), env=None, log_level="info", name="distccd",
                 pump_tmpdir=True):
        self.binary = binary
        self.workdir = workdir
        self.port = port or procs.free_port(listen if listen != "0.0.0.0" else "127.0.0.1")
        self.listen = listen
        self.allow = list(allow)
        self.jobs = jobs
        self.extra_args = list(extra_args)
        self.log_level = log_level
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}-{self.port}.log")
        self.tmpdir = os.path.join(workdir, f"{name}-{self.port}.tmp")
        self.env = dict(os.environ if env is None else env)
        self.pump_tmpdir = pump_tmpdir
        self.proc = None

    @property
    def is_debian(self):
        return os.path.realpath(self.binary) == os.path.realpath(paths.DEBIAN_DISTCCD)

    def argv(self):
        argv = [self.binary, "--daemon", "--no-detach", "--port", str(self.port),
                "--log-file", self.log_path, "--log-level", self.log_level]
        if self.listen:
            argv += ["--listen", self.listen]
        for mask in self.allow:
            argv += ["--allow", mask]
        if self.jobs:
            argv += ["--jobs", str(self.jobs)]
        if self.pump_tmpdir and not self.is_debian and not any(
                a.startswith("--pump-tmpdir") for a in self.extra_args):
            argv += ["--pump-tmpdir", self.tmpdir]
        return argv + self.extra_args

    def start(self, timeout=15):
        os.makedirs(self.tmpdir, exist_ok=True)
        os.chmod(self.tmpdir, 0o1777)
        world_writable_file(self.log_path)
        env = dict(self.env)
        env["TMPDIR"] = self.tmpdir
        self.proc = self._popen(self.argv(), env=env, stdin=procs.subprocess.DEVNULL,
                                stdout=procs.subprocess.DEVNULL, stderr=procs.subprocess.PIPE)
        try:
            self._wait_listening(timeout)
        except Exception:
            err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError(f"{self._what()} did not start: {err}\n{self.log_text()}")
        return self

    # What a subclass running the daemon elsewhere (another network namespace, as
    # another user) changes: how it is started, how to see it listen, its name.
    def _popen(self, argv, **kwargs):
        return procs.subprocess.Popen(argv, **kwargs)

    def _wait_listening(self, timeout):
        procs.wait_for_port(self.port, self.listen if ":" not in self.listen else "::1",
                            timeout=timeout, proc=self.proc)

    def _what(self):
        return self.binary

    def stop(self):
        if self.proc is not None:
            procs.stop_pid(self.proc.pid)
            if self.proc.stderr:
                self.proc.stderr.close()
            self.proc = None

    def __enter__(self):
        # A daemon that is already running (daemontest.our_daemon_for starts it) is
        # used as it is: starting it again would leak the first process.
        return self if self.proc is not None else self.start()

    def __exit__(self, *exc):
        self.stop()

    def host_spec(self, options=""):
        """TCP host spec for DISTCC_HOSTS, e.g. '127.0.0.1:4567/4,lzo'."""
        return f"{self.listen}:{self.port}{options}"

    def log_text(self):
        return procs.read_text(self.log_path)

    def summaries(self):
        """Parsed per-job summary lines ('client: ... COMPILE_OK ...')."""
        return [m.groupdict() for m in SUMMARY_RE.finditer(self.log_text())]

    def summaries_in(self, category="COMPILE_OK", expected=1, timeout=5):
        """The summaries of `category`, waiting (bounded) until `expected` are logged:
        a daemon writes its summary after the client already has the reply.  Returns
        what is logged by then, so callers assert on the count themselves."""
        def found():
            return [s for s in self.summaries() if s["category"] == category]
        try:
            procs.wait_until(lambda: len(found()) >= expected, timeout, what=f"{category} summaries")
        except procs.Timeout:
            pass
        return found()

    def leftover_temp_files(self):
        try:
            return sorted(os.listdir(self.tmpdir))
        except OSError:
            return []
