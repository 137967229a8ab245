"""include_server -- our include server (pump mode) started for a test, and its
socket protocol spoken directly (doc/include-server.md).

IncludeServer(scratch).start() runs include_server --port <scratch>/socket
--pid_file ... with its stdout and stderr in files of the scratch directory and
client roots under a private DISTCC_CLIENT_TMP; start() returns when the start
command did, which is when the socket accepts.  stop() sends SIGTERM to the serving
PID (from the PID file) and waits, bounded.  ask(cwd, argv) sends one request and
returns the reply's paths ([] for "not covered"); raw(bytes) sends anything.
"""
import glob
import os
import signal
import socket
import subprocess
import time

from . import paths, procs, sanitizers

BINARY = os.path.join(paths.TOP_BUILDDIR, "include_server", "include_server")
PLACEHOLDER = "forcing_technique_271828"


def available():
    return os.access(BINARY, os.X_OK)


def packet(token, body=None, value=None):
    if body is None:
        return token.encode() + b"%08x" % value
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogateescape")
    return token.encode() + b"%08x" % len(body) + body


def request_bytes(cwd, argv):
    return (packet("CDIR", cwd) + packet("ARGC", value=len(argv)) +
            b"".join(packet("ARGV", word) for word in argv))


def parse_reply(data):
    """The paths of a reply (bytes); raises ValueError on a malformed one."""
    if len(data) < 12 or data[:4] != b"ARGC":
        raise ValueError(f"not a reply: {data[:40]!r}")
    count = int(data[4:12], 16)
    pos, out = 12, []
    for _ in range(count):
        if data[pos:pos + 4] != b"ARGV":
            raise ValueError(f"bad reply at {pos}: {data[pos:pos + 40]!r}")
        length = int(data[pos + 4:pos + 12], 16)
        out.append(data[pos + 12:pos + 12 + length].decode("utf-8", "surrogateescape"))
        pos += 12 + length
    if pos != len(data):
        raise ValueError("trailing bytes after the reply")
    return out


def exchange(socket_path, payload, timeout=30, half_close=False):
    """Send `payload` on a fresh connection and return every byte of the answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(socket_path)
        s.sendall(payload)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk


class IncludeServer:
    def __init__(self, workdir, args=(), env=None, name="include-server"):
        self.workdir = workdir
        self.socket = os.path.join(workdir, f"{name}.sock")
        self.pid_file = os.path.join(workdir, f"{name}.pid")
        self.stdout_path = os.path.join(workdir, f"{name}.stdout")
        self.stderr_path = os.path.join(workdir, f"{name}.stderr")
        # Roots go into the scratch directory when it is shallow enough to be a base
        # (at most two components); otherwise into the default (/dev/shm).
        real = os.path.realpath(workdir)
        self.client_tmp = real if real.count("/") <= 2 else None
        self.args = list(args)
        self.env = dict(os.environ if env is None else env)
        self.pid = None
        self.start_returncode = None
        self.start_seconds = None

    def argv(self):
        return [BINARY, "--port", self.socket, "--pid_file", self.pid_file, *self.args]

    def start(self, check=True, timeout=30):
        env = dict(self.env)
        if self.client_tmp:
            env.setdefault("DISTCC_CLIENT_TMP", self.client_tmp)
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            started = time.monotonic()
            r = subprocess.run(self.argv(), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                               timeout=timeout)
            self.start_seconds = time.monotonic() - started
        self.start_returncode = r.returncode
        if r.returncode == 0:
            self.pid = procs.read_pid_file(self.pid_file)
        elif check:
            raise RuntimeError(f"include_server did not start ({r.returncode}): {self.stderr()}")
        return self

    def stop(self, sig=signal.SIGTERM):
        """Stop the server; in a sanitizer build, fail on any report it printed."""
        if self.pid is not None:
            procs.stop_pid(self.pid, sig=sig)
            self.pid = None
        found = sanitizers.reports(self.stderr())
        assert not found, "\n".join(found)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def stderr(self):
        return procs.read_text(self.stderr_path)

    def stdout(self):
        return procs.read_text(self.stdout_path)

    def warnings(self):
        return [line for line in self.stderr().splitlines() if line.startswith("WARNING include server: ")]

    def ask(self, cwd, argv, timeout=30):
        return parse_reply(exchange(self.socket, request_bytes(cwd, argv), timeout=timeout))

    def raw(self, payload, timeout=30, half_close=True):
        return exchange(self.socket, payload, timeout=timeout, half_close=half_close)

    def roots(self, pid=None):
        """The client roots of `pid` (default: any) in this server's base directory."""
        base = self.client_tmp or "/dev/shm"
        return sorted(glob.glob(os.path.join(base, f"*.include_server-{pid or '*'}-*")))


def client_name(path):
    """What a distcc client makes of a reply path: three components dropped, then a
    trailing .abs and .lzo (doc/client.md §10)."""
    parts = path.split("/")
    name = "/" + "/".join(parts[4:])
    if name.endswith(".abs"):
        name = name[:-4]
    if name.endswith(".lzo"):
        name = name[:-4]
    return name
