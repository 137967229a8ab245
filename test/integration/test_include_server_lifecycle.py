"""Starting and stopping the include server (doc/include-server.md, "Starting and
stopping"): the start command returns only when the socket accepts, with the
serving PID in the PID file; SIGTERM and SIGINT remove every root and the socket;
a crashed server's roots are removed by the next one; usage errors; -t; start-up
time."""
import os
import signal
import socket
import subprocess

import pytest

from dcctest import include_server as isv
from dcctest import procs
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")


def test_socket_accepts_when_the_start_command_returns(scratch):
    server = IncludeServer(scratch).start()
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(server.socket)  # no retry: it must accept right away
        assert server.pid != os.getpid() and procs.pid_alive(server.pid)
        with open(server.pid_file) as f:
            assert f.read() == f"{server.pid}\n"
        assert len(server.roots(server.pid)) == 1
    finally:
        server.stop()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_remove_roots_and_socket(scratch, sig):
    server = IncludeServer(scratch).start()
    pid = server.pid
    proj = os.path.realpath(scratch)
    with open(os.path.join(proj, "a.c"), "w") as f:
        f.write("int a;\n")
    assert server.ask(proj, ["gcc", "-c", "a.c"])
    assert server.roots(pid)
    server.stop(sig)
    assert not os.path.exists(server.socket)
    assert server.roots(pid) == []


def test_stale_roots_of_a_crashed_server_are_removed(scratch):
    crashed = IncludeServer(scratch, name="crashed").start()
    pid = crashed.pid
    proj = os.path.realpath(scratch)
    with open(os.path.join(proj, "a.c"), "w") as f:
        f.write("int a;\n")
    assert crashed.ask(proj, ["gcc", "-c", "a.c"])
    crashed.stop(signal.SIGKILL)
    assert crashed.roots(pid), "SIGKILL leaves the roots behind"
    with IncludeServer(scratch, name="next") as following:
        assert following.roots(pid) == []
        assert len(following.roots(following.pid)) == 1


def test_start_fails_cleanly_without_a_port(scratch):
    r = procs.run([isv.BINARY])
    assert r.returncode == 1
    assert "INCLUDE_SERVER_PORT not provided. Aborting." in r.stderr
    assert r.stdout.startswith("Usage:")


@pytest.mark.parametrize("args", [["--port", "x", "--bogus"], ["--port", "x", "-dNaN"]])
def test_bad_options_print_usage(scratch, args):
    r = procs.run([isv.BINARY, *args])
    assert r.returncode == 1 and r.stdout.startswith("Usage:")


def test_simple_algorithm_is_not_implemented(scratch):
    r = procs.run([isv.BINARY, "--port", os.path.join(scratch, "s"), "--simple_algorithm"])
    assert r.returncode == 1 and "Not implemented" in r.stderr


@pytest.mark.parametrize("value,message", [
    ("relative", "DISTCC_CLIENT_TMP must start with '/'."),
    ("/a/b/c", "DISTCC_CLIENT_TMP must have at most two directory levels."),
])
def test_bad_client_tmp(scratch, value, message):
    server = IncludeServer(scratch, env=dict(os.environ, DISTCC_CLIENT_TMP=value))
    server.start(check=False)
    assert server.start_returncode == 1
    assert message in server.stderr()


def test_unusable_socket_path_fails_the_start(scratch):
    server = IncludeServer(scratch)
    server.socket = os.path.join(scratch, "no-such-dir", "socket")
    server.start(check=False)
    assert server.start_returncode == 1
    assert "cannot bind" in server.stderr()
    assert server.roots() == [] or all(str(os.getpid()) not in r for r in server.roots())


def test_time_option_prints_times_at_exit(scratch):
    server = IncludeServer(scratch, args=["-t"]).start()
    server.stop()
    assert "Include server timing." in server.stderr()
    assert "Elapsed:" in server.stderr()


def test_start_up_is_quick(scratch):
    times = []
    for i in range(5):
        server = IncludeServer(scratch, name=f"quick{i}").start()
        times.append(server.start_seconds)
        server.stop()
    # The requirement is 20 ms (bench/ measures it); this only catches a start that
    # waits for something, allowing for a loaded machine and a sanitizer build.
    assert min(times) < 5, times
