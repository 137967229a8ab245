"""GSS-API mutual authentication (doc/protocol.md §11), our client half against
our server half, with a real MIT Kerberos KDC started for the module.

Both halves run in auth-peer (test/unit/auth/auth_peer.cpp): the server prints one
line per connection ("authenticated NAME" / "refused CODE: MESSAGE") and answers an
authenticated job with a canned object; the client exits with distcc's code.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pytest

from dcctest import kdc, paths, procs

AUTH_PEER = os.path.join(paths.TOP_BUILDDIR, "test", "unit", "auth", "auth-peer")
EXIT_ACCESS_DENIED = 113
EXIT_TIMEOUT = 118
EXIT_GSSAPI_FAILED = 119


def auth_peer_or_skip():
    if not os.access(AUTH_PEER, os.X_OK):
        pytest.skip(f"{AUTH_PEER} is not built (make check builds it)")
    if procs.run([AUTH_PEER, "available"], timeout=10).stdout.strip() != "yes":
        pytest.skip("this build has no GSS-API support (configure --without-gssapi)")


@pytest.fixture(scope="module")
def realm():
    reason = kdc.probe()
    if reason:
        pytest.skip(reason)
    workdir = tempfile.mkdtemp(prefix="dcc-kdc-", dir=os.environ.get("TMPDIR") or "/tmp")
    os.chmod(workdir, 0o755)
    r = kdc.TestRealm(workdir)
    yield r
    r.stop()
    shutil.rmtree(workdir, ignore_errors=True)


class AuthServer:
    """auth-peer server for `connections` clients; lines() after it has finished."""

    def __init__(self, env, *args, connections=1):
        self.proc = subprocess.Popen([AUTH_PEER, "server", "--connections", str(connections), *args], env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        first = self.proc.stdout.readline().split()
        if len(first) != 2 or first[0] != "port":
            self.stop()
            raise RuntimeError(f"auth-peer server did not start: {first} {self.proc.stderr.read()}")
        self.port = int(first[1])

    def lines(self, timeout=20):
        out, err = self.proc.communicate(timeout=timeout)
        self.stderr = err
        return out.splitlines()

    def stop(self):
        if self.proc.poll() is None:
            procs.stop_pid(self.proc.pid)
        self.proc.communicate()


def run_client(env, port, *args, compile=True):
    argv = [AUTH_PEER, "client", "127.0.0.1", str(port), *args]
    if compile:
        argv += ["--compile", "cc"]
    return procs.run(argv, env=env, timeout=30)


@pytest.fixture
def server_factory(realm):
    auth_peer_or_skip()
    started = []

    def start(*args, env=None, connections=1):
        s = AuthServer(env or realm.server_env(), *args, connections=connections)
        started.append(s)
        return s
    yield start
    for s in started:
        s.stop()


def test_ours_authenticate_each_other_and_the_job_follows(realm, server_factory):
    server = server_factory()
    client = run_client(realm.client_env("alice"), server.port)
    assert client.returncode == 0, client.stdout + client.stderr
    assert "authenticated" in client.stdout
    assert "status 0 doto 29" in client.stdout  # the canned object's size
    assert "Authentication complete - happy compiling!" in client.stderr
    lines = server.lines()
    assert lines == ["authenticated alice", "served cc -c probe.c -o probe.o"]
    for flag in ("Mutual authentication", "Replay detection", "Out of sequence detection"):
        assert f"{flag} requested and granted." in server.stderr


def test_distcc_principal_names_a_host_based_service(realm, server_factory):
    server = server_factory()
    client = run_client(realm.client_env("bob", DISTCC_PRINCIPAL="host"), server.port)
    assert client.returncode == 0, client.stdout + client.stderr
    assert "Successfully authenticated host@localhost." in client.stderr
    assert server.lines()[0] == "authenticated bob"


def test_auth_name_replaces_the_reverse_lookup(realm, server_factory):
    # ,auth=NAME: the client asks for host/NAME, which this server holds the key of.
    server = server_factory(env=realm.server_env(f"host/{realm.OTHER_HOST}", realm.other_host_keytab))
    client = run_client(realm.client_env(), server.port, "--name", realm.OTHER_HOST)
    assert client.returncode == 0, client.stdout + client.stderr
    assert f'using "{realm.OTHER_HOST}" server name instead of fqdn lookup' in client.stderr
    assert server.lines()[0] == "authenticated alice"


def test_client_asking_for_another_principal_is_refused(realm, server_factory):
    # The client wants host/build.dcc.test; this server only has host/localhost's key.
    server = server_factory()
    client = run_client(realm.client_env(), server.port, "--name", realm.OTHER_HOST)
    assert client.returncode != 0
    lines = server.lines()
    assert lines[0].startswith("refused EXIT_GSSAPI_FAILED: Failed to accept secure context."), lines
    assert len(lines) == 1, "no job may be read from an unauthenticated client"


def test_server_without_a_key_for_its_principal_does_not_start(realm):
    auth_peer_or_skip()
    r = procs.run([AUTH_PEER, "server"], env=realm.server_env(f"host/{realm.OTHER_HOST}"), timeout=30)
    assert r.returncode == EXIT_GSSAPI_FAILED
    assert "Failed to acquire credentials." in r.stdout


def test_server_without_principal_does_not_start(realm):
    auth_peer_or_skip()
    env = realm.server_env()
    del env["DISTCCD_PRINCIPAL"]
    r = procs.run([AUTH_PEER, "server"], env=env, timeout=30)
    assert r.returncode == EXIT_GSSAPI_FAILED
    assert "No principal name specified." in r.stdout


def write_list(realm, name, *principals):
    path = os.path.join(realm.kdc.dir, name)
    with open(path, "w") as f:
        f.write("".join(p + "\n" for p in principals))
    os.chmod(path, 0o644)
    return path


def test_blacklisted_principal_is_told_no(realm, server_factory):
    server = server_factory("--blacklist", write_list(realm, "black", "alice"), connections=2)
    alice = run_client(realm.client_env("alice"), server.port)
    bob = run_client(realm.client_env("bob"), server.port)
    assert alice.returncode == EXIT_ACCESS_DENIED, alice.stdout + alice.stderr
    assert "Access denied by server." in alice.stdout
    assert bob.returncode == 0, bob.stdout + bob.stderr
    lines = server.lines()
    assert lines[0] == "refused EXIT_GSSAPI_FAILED: Access denied - principal alice is not admitted."
    assert lines[1:] == ["authenticated bob", "served cc -c probe.c -o probe.o"]
    assert "Access denied - alice blacklisted." in server.stderr


def test_only_whitelisted_principals_get_in(realm, server_factory):
    server = server_factory("--whitelist", write_list(realm, "white", "bob"), connections=2)
    alice = run_client(realm.client_env("alice"), server.port)
    bob = run_client(realm.client_env("bob"), server.port)
    assert alice.returncode == EXIT_ACCESS_DENIED
    assert bob.returncode == 0, bob.stdout + bob.stderr
    assert server.lines()[0].startswith("refused")
    assert "Access denied - alice not whitelisted." in server.stderr
    assert "Access granted - bob whitelisted." in server.stderr


def test_client_that_does_not_authenticate_is_dropped_silently(realm, server_factory):
    server = server_factory()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"DIST00000001ARGC00000001ARGV00000002ccDOTI00000000")
        s.settimeout(10)
        try:
            answer = s.recv(100)
        except ConnectionResetError:  # closed with our unread bytes pending: a reset
            answer = b""
        assert answer == b"", "the server must close without answering"
    assert server.lines() == [
        "refused EXIT_GSSAPI_FAILED: No client handshake - did the client require authentication?"]


def test_server_that_does_not_authenticate_times_out_after_a_second(realm):
    auth_peer_or_skip()
    received = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def silent_server():
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(10)
                received.append(conn.recv(100))
                conn.recv(100)  # until the client gives up and closes
        t = threading.Thread(target=silent_server)
        t.start()
        start = time.monotonic()
        client = run_client(realm.client_env(), listener.getsockname()[1])
        elapsed = time.monotonic() - start
        t.join(20)
    assert client.returncode == EXIT_TIMEOUT, client.stdout + client.stderr
    assert "Timeout - does this server require authentication?" in client.stdout
    assert 0.9 <= elapsed < 10
    assert received == [b"*"]
