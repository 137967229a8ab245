"""clientrun -- running a distcc client the way the client tests need it.

  distcc(args, env, cwd)    run our client (or another binary) with a bounded timeout
  local_object(...)         the object a plain local gcc/clang makes, for comparison
  distcc_lines(stderr)      the client's own log lines ("distcc[PID] ...")
  messages(text)            those lines (or distccd's) without "distcc[PID] (function) ",
                            e.g. "Warning: failed to distribute, running locally instead",
                            for comparing wording with distcc 3.4
  SilentServer              accepts connections, reads, never answers (I/O timeout tests)
  ClosingServer             accepts and closes at once (a refusing daemon, no bytes)
  write(path, text)         create a source file (parents made)

Used by test/integration/test_client_*.py.  It does not start real daemons (that is
daemons.Daemon) and decides nothing about what a test asserts.
"""
import os
import re
import socket
import subprocess
import threading

from . import paths, procs


def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


def distcc(args, env, cwd, timeout=120, binary=None, stdin=subprocess.DEVNULL):
    """Run `distcc args...`; returns a CompletedProcess with text stdout/stderr."""
    return procs.run([binary or paths.OUR_DISTCC, *args], env=env, cwd=cwd, timeout=timeout, stdin=stdin)


def local_object(compiler_argv, cwd, env=None):
    """Compile locally with compiler_argv (which names its own -o); asserts success."""
    r = procs.run(list(compiler_argv), cwd=cwd, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def distcc_lines(stderr):
    """The client's own log lines (not the compiler's)."""
    return [line for line in stderr.splitlines() if line.startswith("distcc[")]


_LOG_PREFIX = re.compile(r"^distccd?\[\d+\] (?:\([A-Za-z0-9_:~<>]+\) )?")


def messages(text):
    """The messages of distcc's or distccd's log lines in `text`, severity first."""
    return [_LOG_PREFIX.sub("", line) for line in text.splitlines() if _LOG_PREFIX.match(line)]


def read(path):
    with open(path, "rb") as f:
        return f.read()


class _Server:
    """A loopback TCP server in a thread; subclasses decide what a connection gets."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.received = bytearray()
        self._held = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def host_spec(self, options=""):
        return f"127.0.0.1:{self.port}{options}"

    def start(self):
        self._thread.start()
        return self

    def _loop(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                self._drain()
                continue
            except OSError:
                return
            self.connections += 1
            self.handle(conn)
            self._drain()

    def _drain(self):
        for conn in self._held:
            conn.setblocking(False)
            try:
                data = conn.recv(65536)
                if data:
                    self.received += data
            except (BlockingIOError, OSError):
                pass

    def handle(self, conn):
        raise NotImplementedError

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self._drain()
        for conn in self._held:
            conn.close()
        self.sock.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SilentServer(_Server):
    """Accepts, keeps reading what arrives, never answers."""

    def handle(self, conn):
        self._held.append(conn)


class ClosingServer(_Server):
    """Accepts and closes immediately, without sending a byte."""

    def handle(self, conn):
        conn.close()


def assert_plain_mode_equivalent(distributed, local):
    """Byte-identical, or code and data identical with DWARF that differs only in
    column numbers and what their encoding drags along (objects.compare_modulo_columns).
    Returns the verdict and the differing sections, so a test can say what differed."""
    from . import objects
    verdict, sections = objects.compare(distributed, local)
    if verdict == "identical":
        return verdict, sections
    assert verdict == "debug-only", f"{distributed}: code or data differ: {sections}"
    assert objects.compare_modulo_columns(distributed, local), \
        f"{distributed}: DWARF differs beyond column numbers (sections {sections})"
    return "columns-only", sections
