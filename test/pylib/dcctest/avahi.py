"""avahi -- a private mDNS network for the zeroconf tests.

AvahiNetwork holds a new network and mount namespace (an `unshare` process, stopped
by its PID) with one veth pair that nothing outside can hear -- IPv4 only
(10.214.0.1/24), or IPv6 only with a link-local address alone or the global
fd42:214::1/64 alone (`ipv6="link-local"` / `"global"`, avahi then announces and
resolves IPv6 only) -- a tmpfs over /run (avahi-daemon's fixed pid-file directory), a private
"system" D-Bus listening on a socket in the scratch directory, and an avahi-daemon
on that bus.  Programs run inside with argv()/popen(); env() points
DBUS_SYSTEM_BUS_ADDRESS at the private bus, which both avahi-daemon and
libavahi-client honour.  No packet leaves the namespace.  Root only: probe() says
why not otherwise.

Helpers: browse() runs Debian's avahi-browse and returns resolved services,
wait_until_withdrawn() waits until it no longer finds one; NsDaemon runs a distccd
inside; lock_holder() finds the browser process that holds a
$DISTCC_DIR/zeroconf/lock so a test can stop it by PID.
"""
import fcntl
import os
import re
import selectors
import shlex
import shutil
import signal
import struct
import subprocess
import time

from . import daemons, procs

TOOLS = ("unshare", "nsenter", "ip", "sysctl", "dbus-daemon", "avahi-daemon", "avahi-browse")
ADDRESS = "10.214.0.1"
ADDRESS6 = "fd42:214::1"
INTERFACE = "zc0"


def probe():
    """None when the private network can be built here, else the reason why not."""
    if os.geteuid() != 0:
        return "a private Avahi daemon needs root (namespaces; avahi-daemon refuses other users)"
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        return f"missing tools: {', '.join(missing)} (apt-get install avahi-daemon avahi-utils dbus iproute2)"
    r = procs.run(["unshare", "--net", "--mount", "true"], timeout=10)
    if r.returncode != 0:
        return f"cannot create namespaces here: {r.stderr.strip()}"
    return None


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

AVAHI_CONFIG = """[server]
use-ipv4={ipv4}
use-ipv6={ipv6}
allow-interfaces={interface}
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
[reflector]
[rlimits]
"""

SETUP_HEAD = """set -e
mount -t tmpfs tmpfs /run
mkdir -p /run/avahi-daemon
ip link set lo up
"""
SETUP = {
    None: f"""sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add {INTERFACE} type veth peer name zc1
ip addr add {ADDRESS}/24 dev {INTERFACE}
""",
    # No duplicate address detection: the addresses are usable at once.
    "link-local": f"""sysctl -q -w net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip link add {INTERFACE} type veth peer name zc1
""",
    # addr_gen_mode 1: the kernel gives the interface no link-local address.
    "global": f"""sysctl -q -w net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip link add {INTERFACE} type veth peer name zc1
sysctl -q -w net.ipv6.conf.{INTERFACE}.addr_gen_mode=1
ip addr add {ADDRESS6}/64 dev {INTERFACE} nodad
""",
}
SETUP_TAIL = f"""ip link set zc1 up
ip link set {INTERFACE} up
"""


class AvahiNetwork:
    def __init__(self, workdir, ipv6=None):
        assert ipv6 in SETUP, ipv6
        self.ipv6 = ipv6
        self.dir = os.path.join(workdir, "avahi")
        self.bus_socket = os.path.join(self.dir, "bus")
        self.holder = None
        self.bus = None
        self.avahi = None
        self.avahi_log = os.path.join(self.dir, "avahi-daemon.log")

    def env(self, base=None, **extra):
        env = dict(os.environ if base is None else base)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + self.bus_socket
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def argv(self, argv):
        """`argv` run inside the namespaces."""
        return ["nsenter", "-t", str(self.holder.pid), "-n", "-m", "--", *argv]

    def popen(self, argv, env=None, **kwargs):
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen(self.argv(argv), env=self.env(env), **kwargs)

    def run(self, argv, timeout=60, env=None, **kwargs):
        return procs.run(self.argv(argv), timeout=timeout, env=self.env(env), **kwargs)

    def start(self, timeout=20):
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.holder = subprocess.Popen(["unshare", "--net", "--mount", "--propagation", "private", "sleep", "3600"],
                                       stdin=subprocess.DEVNULL)
        try:
            self._wait_for_namespace()
            r = self.run(["sh", "-c", SETUP_HEAD + SETUP[self.ipv6] + SETUP_TAIL], timeout=30)
            if r.returncode != 0:
                raise RuntimeError(f"namespace setup failed: {r.stderr.strip()}")
            self._start_bus(timeout)
            self._start_avahi(timeout)
        except Exception:
            self.stop()
            raise
        return self

    def _wait_for_namespace(self):
        own = os.readlink("/proc/self/ns/net")
        procs.wait_until(lambda: _readlink(f"/proc/{self.holder.pid}/ns/net") not in (None, own), 10,
                         what="the namespace holder")

    def _start_bus(self, timeout):
        config = os.path.join(self.dir, "bus.conf")
        with open(config, "w") as f:
            f.write(BUS_CONFIG.format(socket=self.bus_socket))
        self.bus = self.popen(["dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.wait_until(lambda: os.path.exists(self.bus_socket) or self.bus.poll() is not None, timeout,
                         what="the private D-Bus")
        if self.bus.poll() is not None:
            raise RuntimeError("dbus-daemon exited at start-up")
        os.chmod(self.bus_socket, 0o666)  # for daemons that dropped root

    def _start_avahi(self, timeout):
        config = os.path.join(self.dir, "avahi-daemon.conf")
        with open(config, "w") as f:
            f.write(AVAHI_CONFIG.format(ipv4="no" if self.ipv6 else "yes", ipv6="yes" if self.ipv6 else "no",
                                        interface=INTERFACE))
        log = open(self.avahi_log, "w")
        self.avahi = self.popen(["avahi-daemon", "--no-drop-root", "--no-chroot", "--no-rlimits", "-f", config],
                                stdout=log, stderr=subprocess.STDOUT)
        log.close()

        def ready():
            if self.avahi.poll() is not None:
                raise RuntimeError(f"avahi-daemon exited: {self.log_text()}")
            return "Server startup complete" in self.log_text()
        procs.wait_until(ready, timeout, what="avahi-daemon")

    def restart_avahi(self, timeout=20):
        """Stop avahi-daemon and start a new one on the same bus."""
        procs.stop_pid(self.avahi.pid)
        self._start_avahi(timeout)

    def log_text(self):
        return procs.read_text(self.avahi_log)

    def listening(self, port):
        """Whether a TCP socket inside the namespace listens on `port`."""
        rows = []
        for table in ("tcp", "tcp6"):
            try:
                with open(f"/proc/{self.holder.pid}/net/{table}") as f:
                    rows += f.read().splitlines()[1:]
            except OSError:
                pass
        return any(int(r.split()[1].split(":")[1], 16) == port and r.split()[3] == "0A" for r in rows)

    def stop(self):
        """Stop what start() started, by PID; the namespace (and its veth pair) goes
        away with the last process in it."""
        for proc in (self.avahi, self.bus, self.holder):
            if proc is not None and proc.poll() is None:
                procs.stop_pid(proc.pid)
        self.avahi = self.bus = self.holder = None

    def browse(self, service_type, until, timeout=15):
        """Run avahi-browse on `service_type` until `until(services)` is true or the
        timeout passes; returns the resolved services seen, each a dict with name,
        address, port and txt (a dict)."""
        proc = self.popen(["avahi-browse", "-p", "-r", service_type], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
        services, buffer = [], b""
        deadline = time.monotonic() + timeout
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(proc.stdout, selectors.EVENT_READ)
                while time.monotonic() < deadline and not until(services):
                    if not selector.select(timeout=0.2):
                        continue
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    *lines, buffer = (buffer + chunk).split(b"\n")
                    services += [s for s in (parse_browse_line(x.decode(errors="replace")) for x in lines) if s]
        finally:
            procs.stop_pid(proc.pid)
            proc.stdout.close()
        return services

    def wait_until_withdrawn(self, service_type, port, timeout=15):
        """Wait (bounded) until a one-shot avahi-browse of `service_type` no longer
        resolves a service on `port`."""
        def gone():
            r = self.run(["avahi-browse", "-p", "-r", "-t", service_type], timeout=20)
            return not any(s and s["port"] == port for s in map(parse_browse_line, r.stdout.splitlines()))
        procs.wait_until(gone, timeout, interval=0.5, what=f"the announcement on port {port} to be withdrawn")


def _readlink(path):
    try:
        return os.readlink(path)
    except OSError:
        return None


def _unescape(text):
    """avahi-browse -p escapes bytes as \\DDD (decimal)."""
    return re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), text)


def parse_browse_line(line):
    """A resolved ('=') line of `avahi-browse -p -r`, or None."""
    fields = line.split(";")
    if len(fields) < 10 or fields[0] != "=":
        return None
    txt = dict(item.split("=", 1) for item in shlex.split(";".join(fields[9:])) if "=" in item)
    return {"interface": fields[1], "protocol": fields[2], "name": _unescape(fields[3]),
            "address": fields[7], "port": int(fields[8]), "txt": txt}


class NsDaemon(daemons.Daemon):
    """A distccd (ours or Debian's) inside an AvahiNetwork."""

    def __init__(self, network, binary, workdir, **kwargs):
        kwargs.setdefault("listen", "0.0.0.0")
        super().__init__(binary, workdir, **kwargs)
        self.network = network

    def _popen(self, argv, **kwargs):
        return self.network.popen(argv, **kwargs)

    def _wait_listening(self, timeout):
        procs.wait_until(lambda: self.network.listening(self.port) or self.proc.poll() is not None, timeout,
                         what=f"{self.name} to listen")
        if self.proc.poll() is not None:
            raise RuntimeError(f"exited with {self.proc.returncode}")

    def _what(self):
        return f"{self.binary} in the Avahi network"


def lock_holder(lock_path):
    """PID of the process holding a write lock on `lock_path` (fcntl), or None."""
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except OSError:
        return None
    try:
        query = struct.pack("@hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        l_type, _, _, _, pid = struct.unpack("@hhqqi4x", answer)
        return None if l_type == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)


def stop_lock_holder(lock_path, grace=5):
    """Stop the browser process holding `lock_path`, if any, by its PID.  It is not
    our child, so it counts as gone once its lock is released (which happens when
    it dies, before anyone reaps it)."""
    pid = lock_holder(lock_path)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not pid:
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        try:
            procs.wait_until(lambda: lock_holder(lock_path) != pid, grace, what=f"pid {pid} to release {lock_path}")
            return
        except procs.Timeout:
            continue
