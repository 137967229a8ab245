"""distccd --auth and stalled clients (issue 16, doc/security.md §1), with a real MIT
KDC: the main process runs the GSS-API handshake without blocking, so clients that
send part of a handshake token and stall hold no compile worker -- authenticated
compiles go on as fast as without them -- and are closed when they stay silent for
DISTCC_IO_TIMEOUT.  Refusals and interop are in test_auth_hosts.py."""
import os
import socket
import time

import pytest

from dcctest import daemons, daemontest, paths, procs
from dcctest.clientrun import distcc, write
from dcctest.fixtures import clean_client_env

from test_auth_hosts import built_with_gssapi
from test_gssapi_handshake import realm  # noqa: F401

pytestmark = pytest.mark.skipif(not built_with_gssapi(), reason="our programs are not built with GSS-API")

JOBS = 2
STALLED = 3 * JOBS
IO_TIMEOUT = 4
HELLO = "int square(int x) { return x * x; }\n"


@pytest.fixture
def auth_daemon(realm, scratch):
    d = daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=JOBS, extra_args=["--auth"],
                       env=realm.server_env(DISTCC_IO_TIMEOUT=str(IO_TIMEOUT)), log_level="debug",
                       name="auth-intake")
    d.start()
    yield d
    d.stop()


def stalled_clients(port, count):
    """`count` connections that send the handshake byte and half a token header."""
    clients = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"*TLEN0000")
        clients.append(s)
    for s in clients:
        assert s.recv(1) == b"*", "the handshake byte is echoed at once"
    return clients


def compiles(realm, scratch, port, count):
    """`count` authenticated compiles, one after another (no local fallback): seconds."""
    write(os.path.join(scratch, "hello.c"), HELLO)
    env = clean_client_env(scratch, hosts=f"127.0.0.1:{port},auth", DISTCC_FALLBACK=0)
    env.update({k: v for k, v in realm.client_env("alice").items() if k.startswith("KRB5")})
    start = time.monotonic()
    for _ in range(count):
        r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], env, scratch, timeout=60)
        assert r.returncode == 0, r.stderr
    return time.monotonic() - start


def test_stalled_handshakes_do_not_take_compile_workers(realm, auth_daemon, scratch):
    daemontest.wait_for_workers(auth_daemon, JOBS)
    compiles(realm, scratch, auth_daemon.port, 1)  # warm the compiler's caches
    idle = compiles(realm, scratch, auth_daemon.port, 4)
    attackers = stalled_clients(auth_daemon.port, STALLED)
    try:
        loaded = compiles(realm, scratch, auth_daemon.port, 4)
    finally:
        for s in attackers:
            s.close()
    print(f"4 authenticated compiles: idle {idle:.2f}s, with {STALLED} stalled handshakes {loaded:.2f}s")
    # Before, each stalled client held one of the JOBS workers for DISTCC_IO_TIMEOUT:
    # the compiles could not even get their handshake echoed.
    assert loaded <= 2 * idle + 1.0, f"idle {idle:.2f}s, with stalled handshakes {loaded:.2f}s"
    assert len(auth_daemon.summaries_in(expected=9)) == 9, auth_daemon.log_text()
    assert auth_daemon.log_text().count("authenticated as alice") == 9


def test_silent_handshake_is_closed_after_the_io_timeout(realm, auth_daemon):
    (stalled,) = stalled_clients(auth_daemon.port, 1)
    with stalled:
        start = time.monotonic()
        stalled.settimeout(IO_TIMEOUT + 10)
        assert stalled.recv(100) == b"", "closed without a reply"
        elapsed = time.monotonic() - start
    assert IO_TIMEOUT - 1 <= elapsed < IO_TIMEOUT + 5, elapsed
    procs.wait_until(lambda: f"sent nothing for {IO_TIMEOUT} s; closing" in auth_daemon.log_text(), 5,
                     what="the idle line")
    assert auth_daemon.summaries() == [], "a stalled handshake makes no job"


def test_client_without_handshake_is_refused_by_the_main_process(realm, auth_daemon):
    with socket.create_connection(("127.0.0.1", auth_daemon.port), timeout=10) as s:
        s.sendall(b"DIST00000001")
        try:
            answer = s.recv(100)
        except ConnectionResetError:  # closed with our unread bytes pending
            answer = b""
        assert answer == b""
    procs.wait_until(lambda: "No client handshake - did the client require authentication?"
                     in auth_daemon.log_text(), 5, what="the refusal line")
    assert "GSS-API authentication of client '127.0.0.1" in auth_daemon.log_text()
