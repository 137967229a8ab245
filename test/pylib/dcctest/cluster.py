"""cluster -- a client and several distccd hosts in network namespaces (test/multihost).

Cluster wires dcctest.netns into what a multi-host test needs: a client namespace
(10.213.0.1), N daemon namespaces (10.213.0.2 ...) each running one distccd as an
unprivileged user that allows only ALLOW_MASK, the DISTCC_HOSTS string for them, a
client environment with a private DISTCC_DIR, `make` run inside the client namespace
with its wall time (optionally under a wrapper such as `pump`), the names of the
client's backoff files, and waiting for a job in flight on a host.  It does not
decide what a test asserts; that stays in the test.
"""
import os
import time

from . import netns, procs, sanitizers
from .fixtures import clean_client_env

ALLOW_MASK = f"{netns.SUBNET}.0/25"   # .1-.127 inside, .128-.255 outside
OUTSIDER_INDEX = 200                  # an address outside ALLOW_MASK
DAEMON_PORT = 3632                    # every namespace has its own port space


class Cluster:
    def __init__(self, scratch, client, daemon, hosts=3, slots=2, daemon_jobs=None, daemon_log_level="info"):
        self.scratch = scratch
        self.client_binary = client
        self.daemon_binary = daemon
        self.slots = slots
        self.daemon_jobs = daemon_jobs or slots + 1
        self.daemon_log_level = daemon_log_level
        self.network = netns.Network()
        self.daemons = []
        self.sanitizer_reports = []
        try:
            self.client = self.network.add_host("client")
            for i in range(hosts):
                host = self.network.add_host(f"h{i + 1}")
                self.daemons.append(self.start_daemon(host))
        except BaseException:
            self.close()
            raise

    def start_daemon(self, host):
        return host.start_daemon(self.daemon_binary, self.scratch, allow=[ALLOW_MASK],
                                 port=DAEMON_PORT, jobs=self.daemon_jobs, log_level=self.daemon_log_level)

    def restart_daemon(self, index):
        """Start daemons[index] again (after kill_group) on the same host and port; the
        new daemon appends to the same log file."""
        self._stop(self.daemons[index])
        self.daemons[index] = self.start_daemon(self.daemons[index].host)
        return self.daemons[index]

    def add_outsider(self):
        """A client namespace whose address is outside every daemon's --allow mask."""
        return self.network.add_host("outsider", OUTSIDER_INDEX)

    def host_list(self, options=None):
        """DISTCC_HOSTS for every daemon in order; options maps index -> ',lzo' etc."""
        options = options or {}
        return " ".join(f"{d.listen}:{d.port}/{self.slots}{options.get(i, '')}"
                        for i, d in enumerate(self.daemons))

    def client_env(self, hosts=None, subdir="client", **extra):
        """Client environment with its own DISTCC_DIR under scratch/subdir."""
        home = os.path.join(self.scratch, subdir)
        os.makedirs(home, exist_ok=True)
        return clean_client_env(home, hosts=hosts if hosts is not None else self.host_list(), **extra)

    def compilers(self):
        """make arguments that send every compile through the client under test."""
        return [f"CC={self.client_binary} gcc", f"CXX={self.client_binary} g++"]

    def make(self, tree, args=(), env=None, jobs=6, timeout=300, host=None):
        """Run `make -jN args` inside the client's namespace (or `host`'s); returns
        (CompletedProcess, wall seconds)."""
        host = host or self.client
        start = time.monotonic()
        r = host.run(["make", f"-j{jobs}", *args], cwd=tree, env=env, timeout=timeout)
        return r, time.monotonic() - start

    def start_make(self, tree, args=(), env=None, jobs=6, host=None, wrapper=()):
        """Start make in the background (for faults injected mid-build), run by
        `wrapper` (e.g. ["pump"]) if given."""
        host = host or self.client
        return procs.subprocess.Popen(host.argv([*wrapper, "make", f"-j{jobs}", *args]), cwd=tree, env=env,
                                      stdout=procs.subprocess.PIPE, stderr=procs.subprocess.PIPE,
                                      text=True)

    @staticmethod
    def wait_for_job_in_flight(daemon, make_proc, timeout=30):
        """Until `daemon` has finished one job and a client is connected for another;
        returns the number of connections then.  Fails when the build ends first."""
        def in_flight():
            if make_proc.poll() is not None:
                raise AssertionError(f"build ended before the fault: {make_proc.stderr.read()}")
            return daemon.count() >= 1 and daemon.connections()
        return procs.wait_until(in_flight, timeout, interval=0.01, what="a job in flight on the victim")

    @staticmethod
    def backoff_file(env, daemon):
        """The client's backoff file for a daemon (doc/client.md §11.3)."""
        return os.path.join(env["DISTCC_DIR"], "lock", f"backoff_tcp_{daemon.listen}_{daemon.port}_0")

    def _stop(self, daemon):
        self.sanitizer_reports += sanitizers.reports(sanitizers.stop_daemon(daemon))

    def close(self):
        """Stop the daemons (keeping any sanitizer reports they wrote to stderr in
        self.sanitizer_reports) and tear the network down."""
        for d in self.daemons:
            try:
                self._stop(d)
            except Exception:  # the namespace teardown below kills what is left
                pass
        self.network.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
