"""The interop matrix: {our client, Debian 3.4 client} x {our daemon, Debian 3.4
daemon} x {TCP, lzo, ssh}, one test id per combination.

Each combination builds two trees with `make -j4 CC=<client> CXX="<client> g++"` in the
directory where the session's local reference build was made, and checks:
  * every compile ran on the daemon (its job summaries), none fell back locally;
  * objects: byte-identical to the local compile at -O2 -g, except where plain mode
    cannot be -- macro expansions under -g move DWARF column numbers, so those objects
    must be equal in code and data and differ only in .debug_info/.debug_line, and
    only in columns (outputs.compare_objects); the macro-free files of the
    `diagnostics` tree must be byte-identical in every combination;
  * .d files identical (Debian 3.4's client writes them misplaced: doc/client.md §11.1
    QUIRK, checked as such);
  * diagnostics and exit status of every case in diagnostic_cases.py identical to the
    local compiler's after only the normalisation steps that case allows.
"""
import os
import stat

import pytest

from dcctest import daemons, outputs, paths, procs, sanitizers, trees
from dcctest.fixtures import clean_client_env, peer_only_unless
from dcctest.sshd import Sshd
from diagnostic_cases import DEBIAN_CLIENT_REPEATS, DIAGNOSTIC_CASES, compile_command

CLIENTS = {"our-client": paths.OUR_DISTCC, "debian-client": paths.DEBIAN_DISTCC}
DAEMONS = {"our-daemon": paths.OUR_DISTCCD, "debian-daemon": paths.DEBIAN_DISTCCD}
TRANSPORTS = ("tcp", "lzo", "ssh")
COMBINATIONS = [pytest.param(c, d, t, id=f"{c}-{d}-{t}", marks=peer_only_unless("our-" in c + d))
                for c in CLIENTS for d in DAEMONS for t in TRANSPORTS]

MIXED_JOBS = 7           # compiles in test/fixtures/trees/mixed
DIAGNOSTICS_JOBS = 5     # `make all` in test/fixtures/trees/diagnostics
# Objects of the diagnostics tree whose code lines expand macros (warn_macro.c) or
# that include C++ standard headers (warn.cpp): DWARF columns may differ.
DIAGNOSTICS_COLUMNS_ALLOWED = {"src/warn_macro.o", "cpp/warn.o"}


def require(binary, what):
    if binary.startswith("/usr/bin/"):
        if not paths.have_debian_distcc():
            pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    elif not os.access(binary, os.X_OK):
        pytest.skip(f"our {what} has not been built yet ({binary})")
    return binary


class Peer:
    """The daemon side of one combination: a TCP daemon on loopback (plain or lzo),
    or an OpenSSH server whose command is a wrapper that runs the daemon in inetd
    mode with a log file, so both transports give job summaries to count."""

    def __init__(self, daemon_binary, transport, scratch):
        self.transport = transport
        self.daemon = None
        self.sshd = None
        if transport == "ssh":
            self._start_ssh(daemon_binary, scratch)
        else:
            self.daemon = daemons.Daemon(daemon_binary, scratch, name="interop-distccd").start()
            self.hosts = self.daemon.host_spec("/4" + (",lzo" if transport == "lzo" else ""))
            self.client_env = {}

    def _start_ssh(self, daemon_binary, scratch):
        if not Sshd.available():
            pytest.skip("OpenSSH server not installed (apt-get install openssh-server)")
        self.log_path = os.path.join(scratch, "inetd-distccd.log")
        daemons.world_writable_file(self.log_path)
        tmpdir = os.path.join(scratch, "inetd-tmp")
        os.makedirs(tmpdir)
        os.chmod(tmpdir, 0o1777)
        wrapper = os.path.join(scratch, "distccd-logged")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\nTMPDIR={tmpdir} exec {daemon_binary} --log-file {self.log_path} "
                    f"--log-level info \"$@\"\n")
        os.chmod(wrapper, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        self.sshd = Sshd(scratch).start()
        self.hosts = self.sshd.host_spec(distccd=wrapper)
        self.client_env = {"DISTCC_SSH": self.sshd.ssh_command}

    def log_text(self):
        if self.daemon:
            return self.daemon.log_text()
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def categories(self):
        return [m.group("category") for m in daemons.SUMMARY_RE.finditer(self.log_text())]

    def wait_for_jobs(self, category, count, timeout=10):
        """Wait (bounded) until the log holds `count` summaries of `category`: a
        daemon writes its summary line after the reply, so the client may be done
        first.  Returns the categories seen."""
        try:
            procs.wait_until(lambda: self.categories().count(category) >= count, timeout,
                             interval=0.05, what=f"{count} {category} job summaries")
        except procs.Timeout:
            pass
        return self.categories()

    def close(self):
        """Stop everything; returns sanitizer reports the daemon wrote to stderr."""
        found = []
        if self.daemon:
            found = sanitizers.reports(sanitizers.stop_daemon(self.daemon))
        if self.sshd:
            self.sshd.stop()
        return found


@pytest.fixture
def peer_factory():
    made = []

    def make(daemon_binary, transport, scratch):
        made.append(Peer(daemon_binary, transport, scratch))
        return made[-1]
    yield make
    found = [line for p in made for line in p.close()]
    assert not found, f"sanitizer reports from the daemon: {found}"


def build(reference, client, env, args=()):
    reference.reset()
    r = trees.make(reference.path, [f"CC={client}", f"CXX={client} g++", *args], env=env, jobs=4)
    assert r.returncode == 0, r.stderr
    assert not sanitizers.reports(r.stderr), r.stderr
    return r


def check_diagnostics(reference, client, env, peer):
    """Each diagnostics case through the client; returns {source: verdict}."""
    reference.reset()
    verdicts = {}
    for case in DIAGNOSTIC_CASES:
        before = peer.categories()
        r = procs.run(compile_command(case, client), cwd=reference.path, env=env, timeout=120)
        local_exit, local_err = reference.diagnostics[case.source]
        assert local_exit == case.exit, (case.source, local_err)
        assert r.returncode == local_exit, f"{case.source}: exit {r.returncode}, local {local_exit}\n{r.stderr}"
        if case.remote:
            new = peer.wait_for_jobs(case.remote, before.count(case.remote) + 1)[len(before):]
            assert case.remote in new, f"{case.source} was not compiled remotely: {new}\n{r.stderr}"
        expected = local_err
        if outputs.is_debian_client(client) and case.source in DEBIAN_CLIENT_REPEATS:
            expected = local_err + local_err  # 3.4 QUIRK, see diagnostic_cases.py
        verdict = outputs.diagnostics_verdict(r.stderr, expected)
        assert verdict is not None, f"{case.source}: diagnostics differ beyond normalisation\n" \
                                    f"--- distributed\n{r.stderr}\n--- local\n{local_err}"
        extra = set(verdict) - {"client-lines"} - case.allowed
        assert not extra, f"{case.source} needs {sorted(extra)} ({case.why})\n{r.stderr}"
        verdicts[case.source] = "+".join(verdict) or "byte-identical"
    return verdicts


@pytest.mark.parametrize("client_name,daemon_name,transport", COMBINATIONS)
def test_interop(client_name, daemon_name, transport, scratch, peer_factory,
                 mixed_reference, diagnostics_reference, record_property):
    client = require(CLIENTS[client_name], "distcc")
    daemon = require(DAEMONS[daemon_name], "distccd")
    peer = peer_factory(daemon, transport, scratch)
    env = clean_client_env(scratch, hosts=peer.hosts, **peer.client_env)

    build(mixed_reference, client, env)
    assert peer.wait_for_jobs("COMPILE_OK", MIXED_JOBS).count("COMPILE_OK") == MIXED_JOBS, peer.log_text()
    mixed = outputs.compare_build(mixed_reference.path, mixed_reference.local, client, columns_allowed="*")

    build(diagnostics_reference, client, env, ["all"])
    total = MIXED_JOBS + DIAGNOSTICS_JOBS
    assert peer.wait_for_jobs("COMPILE_OK", total).count("COMPILE_OK") == total, peer.log_text()
    diag = outputs.compare_build(diagnostics_reference.path, diagnostics_reference.local, client,
                                 columns_allowed=DIAGNOSTICS_COLUMNS_ALLOWED)
    for rel in ("src/exact.o", "src/exact2.o"):
        assert diag[rel][0] == "identical", diag[rel]

    messages = check_diagnostics(diagnostics_reference, client, env, peer)
    summary = {**{f"mixed/{k}": v for k, v in mixed.items()},
               **{f"diagnostics/{k}": v for k, v in diag.items()},
               **{f"stderr/{k}": v for k, v in messages.items()}}
    record_property("verdicts", repr(summary))
    print(f"\n{client_name} {daemon_name} {transport}:")
    for k, v in sorted(summary.items()):
        print(f"  {k}: {v}")
