"""netns -- private multi-host networks in Linux network namespaces (test/multihost).

A Network is one namespace holding a bridge plus one namespace per Host, each joined
to the bridge by a veth pair created directly between the two namespaces, so the root
namespace's interfaces, routes and firewall are never touched.  A Host can run
commands (`ip netns exec`), start a distccd as an unprivileged user (NsDaemon), open
sockets inside its namespace from this process (setns in a short-lived thread), shape
its link with `tc tbf`, drop all its packets with an nft table of its own, or lose its
link.  Names are unique per run (they carry our PID); Network.close() kills every
process left in its namespaces and deletes them, and a later run removes namespaces
whose creating process is gone.  Every wait is bounded.  Root only: probe() says why
not otherwise.
"""
import ctypes
import os
import pwd
import re
import secrets
import signal
import socket
import subprocess
import threading
import time

from . import daemons, procs

NETNS_DIR = "/run/netns"
CLONE_NEWNET = 0x40000000
NAME_PREFIX = "dcct"  # dcct<pid>x<hex>-<label>
NAME_RE = re.compile(rf"^{NAME_PREFIX}(\d+)x[0-9a-f]+-")
SUBNET = "10.213.0"   # private to the bridge namespace; never routed anywhere
PREFIX_LEN = 24
TCP_ESTABLISHED = "01"  # state column of /proc/net/tcp
_libc = ctypes.CDLL(None, use_errno=True)


def ip(*args, timeout=20, check=True):
    """Run `ip ARGS...`; raise with its stderr on failure when check is set."""
    r = procs.run(["ip", *args], timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {r.stderr.strip()}")
    return r


def probe():
    """None when namespaces can be used here, else the reason why not."""
    if os.geteuid() != 0:
        return "network namespaces need root (CI runs this tier as root)"
    if not procs.tool_exists("ip"):
        return "iproute2 ('ip') is not installed"
    name = f"{NAME_PREFIX}{os.getpid()}x{secrets.token_hex(3)}-probe"
    try:
        r = ip("netns", "add", name, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        return f"'ip netns add' could not run: {e}"
    if r.returncode != 0:
        return f"'ip netns add' refused: {r.stderr.strip()}"
    try:
        r = ip("-n", name, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1", check=False)
        if r.returncode != 0:
            return f"veth pairs refused inside a namespace: {r.stderr.strip()}"
    finally:
        ip("netns", "del", name, check=False)
    return None


def remove_stale_namespaces():
    """Delete namespaces left by earlier runs of these tests whose process is gone
    (a run killed before its teardown); never touches anyone else's namespaces."""
    try:
        names = os.listdir(NETNS_DIR)
    except OSError:
        return
    for name in names:
        m = NAME_RE.match(name)
        if m and not procs.pid_alive(int(m.group(1))):
            _kill_namespace_processes(name)
            ip("netns", "del", name, check=False)


def namespace_pids(ns):
    r = ip("netns", "pids", ns, check=False)
    return [int(p) for p in r.stdout.split() if p.isdigit()] if r.returncode == 0 else []


def _kill_namespace_processes(ns, timeout=5):
    """SIGKILL every process inside one of our namespaces (daemons, their workers,
    orphaned compilers) and wait, bounded, until none is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = namespace_pids(ns)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def unprivileged_user():
    """(uid, gid) the daemons run as: `nobody`, else 65534."""
    try:
        pw = pwd.getpwnam("nobody")
        return pw.pw_uid, pw.pw_gid
    except KeyError:
        return 65534, 65534


def join_namespace(ns):
    """Move the calling thread (only it) into network namespace `ns`: the sockets it
    creates from now on live there."""
    fd = os.open(os.path.join(NETNS_DIR, ns), os.O_RDONLY | os.O_CLOEXEC)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns({ns}): {os.strerror(err)}")
    finally:
        os.close(fd)


def run_in_namespace(ns, fn, timeout=10):
    """Call fn() on a thread that has joined network namespace `ns` and return its
    value.  Sockets keep the namespace they were created in, so a socket made here
    can be used from any thread afterwards."""
    box = {}

    def body():
        try:
            join_namespace(ns)
            box["value"] = fn()
        except BaseException as e:  # handed to the caller
            box["error"] = e

    t = threading.Thread(target=body, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise procs.Timeout(f"call inside namespace {ns} did not return within {timeout}s")
    if "error" in box:
        raise box["error"]
    return box["value"]


class Host:
    """One namespace on the bridge: `eth0` with `address`/24; the bridge side of its
    veth pair is `port` inside the bridge namespace."""

    def __init__(self, network, label, index):
        self.network = network
        self.label = label
        self.ns = f"{network.prefix}-{label}"
        self.address = f"{SUBNET}.{index}"
        self.port = f"v{index}"

    def argv(self, argv, as_user=False):
        """argv run inside this namespace, as root or as the unprivileged user."""
        prefix = ["ip", "netns", "exec", self.ns]
        if as_user:
            uid, gid = unprivileged_user()
            prefix += ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]
        return prefix + list(argv)

    def run(self, argv, timeout=120, as_user=False, **kwargs):
        return procs.run(self.argv(argv, as_user), timeout=timeout, **kwargs)

    def nsrun(self, *args, timeout=20):
        """Run a network tool (nft, tc, ...) inside the namespace; raise on failure."""
        r = self.run(list(args), timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} in {self.ns} failed: {r.stderr.strip()}")
        return r

    def socket(self, family=socket.AF_INET):
        return run_in_namespace(self.ns, lambda: socket.socket(family, socket.SOCK_STREAM))

    def port_accepts(self, address, port, timeout=0.5):
        """Whether a TCP connect from this host to address:port succeeds."""
        with self.socket() as s:
            s.settimeout(timeout)
            try:
                s.connect((address, port))
                return True
            except OSError:
                return False

    def wait_for_port(self, address, port, timeout=10, proc=None):
        def ready():
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"process exited with {proc.returncode} before {address}:{port} listened")
            return self.port_accepts(address, port)
        procs.wait_until(ready, timeout, interval=0.05, what=f"{address}:{port} from {self.ns}")

    # -- faults and shaping ------------------------------------------------------
    def drop_all_packets(self):
        """An nft table in this namespace that drops every packet in and out."""
        ruleset = ("table inet dcc_fault {\n"
                   " chain in { type filter hook input priority 0; policy drop; }\n"
                   " chain out { type filter hook output priority 0; policy drop; }\n}\n")
        r = self.run(["nft", "-f", "-"], input=ruleset, timeout=20)
        if r.returncode != 0:
            raise RuntimeError(f"nft in {self.ns} failed: {r.stderr.strip()}")

    def accept_packets(self):
        self.nsrun("nft", "delete", "table", "inet", "dcc_fault")

    def set_link(self, up):
        """Take this host's cable out of the bridge (down) or plug it back in."""
        ip("-n", self.network.bridge_ns, "link", "set", self.port, "up" if up else "down")

    def shape(self, rate="20mbit", burst="32kbit", latency="50ms"):
        """Token-bucket shaping (tc tbf) in both directions of this host's link:
        egress on eth0, ingress as egress of the bridge-side port."""
        for ns, dev in ((self.ns, "eth0"), (self.network.bridge_ns, self.port)):
            r = procs.run(["tc", "-n", ns, "qdisc", "replace", "dev", dev, "root", "tbf",
                           "rate", rate, "burst", burst, "latency", latency], timeout=20)
            if r.returncode != 0:
                raise RuntimeError(f"tc tbf on {ns}/{dev} failed: {r.stderr.strip()}")

    def start_daemon(self, binary, workdir, allow, port=3632, jobs=None, extra_args=(), env=None, log_level="info"):
        d = NsDaemon(self, binary, workdir, port=port, allow=allow, jobs=jobs,
                     extra_args=extra_args, env=env, name=f"distccd-{self.label}", log_level=log_level)
        return d.start()


class NsDaemon(daemons.Daemon):
    """A distccd running inside a Host's namespace as the unprivileged user, listening
    on the host's address.  Its process group is ours to signal: kill_group() is the
    host dying, pause_group()/resume_group() a host that stops answering."""

    def __init__(self, host, binary, workdir, **kwargs):
        super().__init__(binary, workdir, listen=host.address, **kwargs)
        self.host = host

    def _popen(self, argv, **kwargs):
        return subprocess.Popen(self.host.argv(argv, as_user=True), start_new_session=True, **kwargs)

    def _wait_listening(self, timeout):
        self.host.wait_for_port(self.listen, self.port, timeout=timeout, proc=self.proc)

    def _what(self):
        return f"{self.binary} in {self.host.ns}"

    def _signal_group(self, sig):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def kill_group(self):
        """SIGKILL the daemon and its workers (the host died); reaps the main PID."""
        self._signal_group(signal.SIGKILL)
        if self.proc is not None:
            try:
                self.proc.wait(timeout=10)
            finally:
                self.proc.stderr.close()
                self.proc = None

    def pause_group(self):
        self._signal_group(signal.SIGSTOP)

    def resume_group(self):
        self._signal_group(signal.SIGCONT)

    def stop(self):
        self.resume_group()  # a stopped daemon would sit on its SIGTERM
        super().stop()

    def connections(self):
        """Established TCP connections to the daemon's port: jobs in flight.  Read
        from /proc/<pid>/net/tcp, which shows the table of that process's namespace."""
        if self.proc is None:
            return 0
        try:
            with open(f"/proc/{self.proc.pid}/net/tcp") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            return 0
        port = f":{self.port:04X}"
        return sum(1 for row in rows if row.split()[1].endswith(port) and row.split()[3] == TCP_ESTABLISHED)

    def count(self, category="COMPILE_OK"):
        return sum(1 for s in self.summaries() if s["category"] == category)


class Network:
    """A bridge namespace and the hosts plugged into it.  Use as a context manager or
    call close(); closing is safe to repeat and also works after a failed start."""

    def __init__(self):
        remove_stale_namespaces()
        self.prefix = f"{NAME_PREFIX}{os.getpid()}x{secrets.token_hex(2)}"
        self.bridge_ns = f"{self.prefix}-br"
        self.hosts = []
        self.namespaces = []
        try:
            self._add_namespace(self.bridge_ns)
            ip("-n", self.bridge_ns, "link", "add", "br0", "type", "bridge")
            ip("-n", self.bridge_ns, "link", "set", "br0", "up")
        except BaseException:
            self.close()
            raise

    def _add_namespace(self, ns):
        ip("netns", "add", ns)
        self.namespaces.append(ns)
        ip("-n", ns, "link", "set", "lo", "up")

    def add_host(self, label, index=None):
        """A new namespace on the bridge with address SUBNET.index (default: next)."""
        index = index if index is not None else len(self.hosts) + 1
        host = Host(self, label, index)
        self._add_namespace(host.ns)  # close() deletes it, whatever fails below
        ip("-n", self.bridge_ns, "link", "add", host.port, "type", "veth",
           "peer", "name", "eth0", "netns", host.ns)
        ip("-n", self.bridge_ns, "link", "set", host.port, "master", "br0", "up")
        ip("-n", host.ns, "addr", "add", f"{host.address}/{PREFIX_LEN}", "dev", "eth0")
        ip("-n", host.ns, "link", "set", "eth0", "up")
        self.hosts.append(host)
        return host

    def close(self):
        for ns in reversed(self.namespaces):
            _kill_namespace_processes(ns)
            ip("netns", "del", ns, check=False)
        self.namespaces = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
