"""systemd units and socket activation (issue 12, doc/systemd.md), without a running
systemd: `systemd-analyze verify` on the units make generated, the helper that
turns /etc/default/distcc into options, and our distccd started by
`systemd-socket-activate` in both accept modes, with real compiles through the
activated daemon, --allow refusals, and the statistics socket."""
import os
import re
import shutil
import socket
import subprocess

import pytest

from dcctest import daemons, paths, procs
from dcctest.fixtures import clean_client_env

UNITS_SRC = os.path.join(paths.TOP_SRCDIR, "systemd")
UNITS_BUILT = os.path.join(paths.TOP_BUILDDIR, "systemd")
HELPER = os.path.join(UNITS_SRC, "distccd-defaults")
GENERATED = ("distccd.service", "distccd-accept@.service")
STATIC = ("distccd.socket", "distccd-accept.socket")
SOURCE = "int answer(int x) { return x * 42; }\n"

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")


def need(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (Debian package systemd)")


# -- the unit files ------------------------------------------------------------------

def built_unit(name):
    path = os.path.join(UNITS_BUILT, name)
    if not os.path.exists(path):
        pytest.skip(f"{path} has not been generated (make)")
    with open(path) as f:
        return f.read()


def pointed_at_the_build_tree(text):
    """The unit with its helper and distccd replaced by the source helper and the
    distccd of this build, so that verify can check that they exist."""
    def rewrite(m):
        words = m.group(1).split()
        assert words[1] in ("standalone", "connection"), words
        assert os.path.basename(words[0]) == "distccd-defaults" and os.path.basename(words[2]) == "distccd"
        return "ExecStart=" + " ".join([HELPER, words[1], paths.OUR_DISTCCD, *words[3:]])
    return re.sub(r"^ExecStart=(.*)$", rewrite, text, flags=re.M)


def test_generated_units_have_every_path_filled_in():
    for name in GENERATED:
        text = built_unit(name)
        assert not re.search(r"@\w+@", text), name
        assert re.search(r"^EnvironmentFile=-/\S+/default/distcc$", text, re.M), name
        assert re.search(r"^ExecStart=/\S+/distccd-defaults (standalone|connection) /\S+/distccd ", text, re.M)


def test_units_pass_systemd_analyze_verify(scratch):
    need("systemd-analyze")
    for name in GENERATED:
        with open(os.path.join(scratch, name), "w") as f:
            f.write(pointed_at_the_build_tree(built_unit(name)))
    for name in STATIC:
        shutil.copy(os.path.join(UNITS_SRC, name), scratch)
    files = [os.path.join(scratch, n) for n in GENERATED + STATIC]
    r = procs.run(["systemd-analyze", "verify", "--man=no", *files], cwd=scratch, timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    # verify does fail on a broken unit here (so the check above means something).
    with open(files[0]) as f:
        text = f.read()
    with open(files[0], "w") as f:
        f.write(text.replace("[Service]\n", "[Service]\nExecStartPre=/nonexistent/program\n"))
    broken = procs.run(["systemd-analyze", "verify", "--man=no", files[0]], cwd=scratch, timeout=120)
    assert broken.returncode != 0 and "/nonexistent/program" in broken.stderr


@pytest.mark.parametrize("name", GENERATED)
def test_services_are_hardened(name):
    settings = dict(line.split("=", 1) for line in built_unit(name).splitlines() if "=" in line and
                    not line.startswith("#"))
    assert settings["DynamicUser"] == "yes"
    assert settings["ProtectSystem"] == "strict"
    assert settings["PrivateTmp"] == "yes"
    assert settings["NoNewPrivileges"] == "yes"
    assert settings["RestrictAddressFamilies"].split() == ["AF_INET", "AF_INET6", "AF_UNIX"]
    assert settings["CapabilityBoundingSet"] == ""


def test_sockets_use_both_accept_modes():
    with open(os.path.join(UNITS_SRC, "distccd.socket")) as f:
        plain = f.read()
    with open(os.path.join(UNITS_SRC, "distccd-accept.socket")) as f:
        accepting = f.read()
    assert "ListenStream=3632\n" in plain and "Accept=no\n" in plain
    assert "ListenStream=3632\n" in accepting and "Accept=yes\n" in accepting


# -- /etc/default/distcc ---------------------------------------------------------------

def helper_argv(kind, **settings):
    env = {k: v for k, v in os.environ.items() if k not in ("ALLOWEDNETS", "LISTENER", "NICE", "JOBS", "ZEROCONF")}
    env.update(settings)
    r = procs.run(["sh", HELPER, kind, "/bin/echo", "--daemon"], env=env, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_default_file_settings_become_debians_options():
    assert helper_argv("standalone", ALLOWEDNETS="127.0.0.1 10.0.0.0/8", LISTENER="10.0.0.1", NICE="10",
                       JOBS="6", ZEROCONF="true") == [
        "--daemon", "--allow", "127.0.0.1", "--allow", "10.0.0.0/8", "--nice", "10", "--listen", "10.0.0.1",
        "--jobs", "6", "--zeroconf"]
    assert helper_argv("standalone") == ["--daemon"]
    assert helper_argv("standalone", ZEROCONF="YES") == ["--daemon", "--zeroconf"]
    assert helper_argv("standalone", ZEROCONF="false", NICE="21") == ["--daemon"]
    assert helper_argv("standalone", NICE="-1") == ["--daemon"]
    assert helper_argv("standalone", NICE="0") == ["--daemon", "--nice", "0"]
    # One connection: no listener, jobs or zeroconf of its own.
    assert helper_argv("connection", ALLOWEDNETS="192.168.0.0/16", LISTENER="x", JOBS="3", ZEROCONF="true",
                       NICE="5") == ["--daemon", "--allow", "192.168.0.0/16", "--nice", "5"]
    # Networks are words, never file-name patterns.
    assert helper_argv("standalone", ALLOWEDNETS="*") == ["--daemon", "--allow", "*"]


def test_helper_refuses_an_unknown_kind():
    r = procs.run(["sh", HELPER, "everything", "/bin/echo"], timeout=30)
    assert r.returncode == 101 and "usage" in r.stderr


# -- socket activation -------------------------------------------------------------------

class Activated(daemons.Daemon):
    """Our distccd behind `systemd-socket-activate -l 127.0.0.1:PORT [extra] --`: the
    activator listens and execs distccd (or, with --accept, starts one per
    connection).  It needs a connection before distccd runs, so start() only waits
    for the port to accept."""

    def __init__(self, scratch, activator_args, distccd_args, **kwargs):
        super().__init__(paths.OUR_DISTCCD, scratch, listen="127.0.0.1", **kwargs)
        self.activator_args = list(activator_args)
        self.distccd_args = list(distccd_args)

    def argv(self):
        return (["systemd-socket-activate", "-l", f"127.0.0.1:{self.port}", *self.activator_args, "--",
                 paths.OUR_DISTCCD, "--log-file", self.log_path, "--log-level", "info"] + self.distccd_args)

    def _wait_listening(self, timeout):
        # Without connecting: a connection would start distccd (or, with --accept,
        # one more distccd) before the test does.
        procs.wait_until(lambda: port_taken(self.port) or self.proc.poll() is not None, timeout,
                         what=f"the activator to listen on {self.port}")
        if self.proc.poll() is not None:
            raise RuntimeError(f"systemd-socket-activate exited with {self.proc.returncode}")


def port_taken(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def compile_through(scratch, port, name="job"):
    """One real compile with our client against 127.0.0.1:port; returns its result."""
    source = os.path.join(scratch, f"{name}.c")
    with open(source, "w") as f:
        f.write(SOURCE)
    env = clean_client_env(os.path.join(scratch, f"client-{name}"), hosts=f"127.0.0.1:{port}",
                           DISTCC_BACKOFF_PERIOD=0)
    return procs.run([paths.OUR_DISTCC, "gcc", "-c", source, "-o", source + ".o"], env=env, cwd=scratch,
                     timeout=120)


def same_as_local(scratch, result):
    """Whether the object of a compile_through() result is byte for byte what gcc
    makes here from the same source path."""
    source = result.args[result.args.index("-c") + 1]
    procs.run(["gcc", "-c", source, "-o", source + ".local.o"], cwd=scratch, check=True)
    with open(source + ".o", "rb") as remote, open(source + ".local.o", "rb") as local:
        return remote.read() == local.read()


@pytest.fixture
def activate(scratch):
    need("systemd-socket-activate")
    started = []

    def start(activator_args, distccd_args):
        d = Activated(scratch, activator_args, distccd_args)
        started.append(d.start())
        return d
    yield start
    for d in started:
        d.stop()


def test_accept_no_hands_the_listening_socket_to_the_preforking_daemon(scratch, activate):
    # --listen and --port are for distccd's own socket; the passed one wins.
    d = activate([], ["--daemon", "--no-detach", "--jobs", "2", "--allow", "127.0.0.1",
                      "--listen", "127.0.0.9", "--port", "1"])
    for i in range(3):
        r = compile_through(scratch, d.port, f"job{i}")
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert same_as_local(scratch, r)
    assert len(d.summaries_in("COMPILE_OK", 3)) == 3
    log = d.log_text()
    assert f"listening on 127.0.0.1:{d.port} (passed by the service manager)" in log
    assert "preforking daemon started" in log
    assert procs.pid_alive(d.proc.pid)  # the same daemon served every job


def test_accept_no_applies_allow_as_on_its_own_socket(scratch, activate):
    d = activate([], ["--daemon", "--no-detach", "--allow", "10.0.0.0/8"])
    r = compile_through(scratch, d.port)
    assert r.returncode == 0  # compiled locally after the refusal
    assert "denied by access list" in d.log_text()
    assert not d.summaries_in("COMPILE_OK", 1, timeout=1)


def test_accept_yes_serves_each_connection_in_its_own_process(scratch, activate):
    d = activate(["--accept"], ["--allow", "127.0.0.1"])
    for i in range(2):
        r = compile_through(scratch, d.port, f"job{i}")
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert same_as_local(scratch, r)
    summaries = d.summaries_in("COMPILE_OK", 2)
    assert len(summaries) == 2
    pids = set(re.findall(r"distccd\[(\d+)\] \(serve_inetd\) inetd server started", d.log_text()))
    assert len(pids) == 2


def test_accept_yes_applies_allow(scratch, activate):
    d = activate(["--accept"], ["--allow", "10.0.0.0/8"])
    r = compile_through(scratch, d.port)
    assert r.returncode == 0
    procs.wait_until(lambda: "denied by access list" in d.log_text(), 10, what="the refusal in the log")
    assert not d.summaries_in("COMPILE_OK", 1, timeout=1)


def test_socket_named_stats_is_the_statistics_port(scratch, activate):
    stats_port = procs.free_port()
    d = activate(["-l", f"127.0.0.1:{stats_port}", "--fdname=distccd:stats"],
                 ["--daemon", "--no-detach", "--stats", "--allow", "127.0.0.1"])
    assert compile_through(scratch, d.port).returncode == 0
    d.summaries_in("COMPILE_OK", 1)

    def report_counts_the_job():
        with socket.create_connection(("127.0.0.1", stats_port), timeout=5) as s:
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        text = data.decode()
        return text if "<distccstats>" in text and "dcc_compile_ok 1\n" in text else None
    procs.wait_until(report_counts_the_job, 10, what="a stats report counting the job")


@pytest.mark.parametrize("fork_mode", [[], ["--no-fork"]], ids=["preforking", "no-fork"])
def test_every_passed_job_socket_is_served(scratch, activate, fork_mode):
    """Two ListenStream= lines (two addresses): distccd serves both, with --allow
    applied on each, preforking or not."""
    second = procs.free_port()
    d = activate(["-l", f"127.0.0.1:{second}"],
                 ["--daemon", "--no-detach", "--allow", "127.0.0.1", *fork_mode])
    for i, port in enumerate([d.port, second, d.port, second]):
        r = compile_through(scratch, port, f"job{i}")
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert same_as_local(scratch, r)
    assert len(d.summaries_in("COMPILE_OK", 4)) == 4
    log = d.log_text()
    for port in (d.port, second):
        assert f"listening on 127.0.0.1:{port} (passed by the service manager)" in log
