"""GSS-API mutual authentication against Debian's distcc 3.4 (built with GSS-API),
with a real MIT Kerberos KDC: Debian's `distcc` with `,auth` hosts against our
server half (auth-peer), and our client half against Debian's `distccd --auth`.
"""
import os
import time

import pytest

from dcctest import daemons, paths, procs
from dcctest.fixtures import clean_client_env

from test_gssapi_handshake import (EXIT_ACCESS_DENIED, EXIT_TIMEOUT, auth_peer_or_skip, realm,  # noqa: F401
                                   run_client, server_factory, write_list)

CANNED_OBJECT = b"canned object from auth-peer\n"


@pytest.fixture(autouse=True)
def debian_distcc_and_auth_peer():
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    auth_peer_or_skip()


def debian_client(realm, scratch, hosts, user="alice", **extra):
    """Compile a one-line file with Debian's distcc against `hosts`, no fallback."""
    source = os.path.join(scratch, "x.c")
    with open(source, "w") as f:
        f.write("int x(void) { return 1; }\n")
    env = clean_client_env(scratch, hosts=hosts, DISTCC_FALLBACK=0, DISTCC_VERBOSE=1, **extra)
    env.update({k: v for k, v in realm.client_env(user).items() if k.startswith("KRB5")})
    r = procs.run([paths.DEBIAN_DISTCC, "gcc", "-c", "x.c", "-o", "x.o"], env=env, cwd=scratch, timeout=60)
    try:
        with open(os.path.join(scratch, "x.o"), "rb") as f:
            r.object = f.read()
    except OSError:
        r.object = None
    return r


@pytest.mark.parametrize("option,extra", [(",auth", {}),
                                          (",auth=localhost", {}),
                                          (",auth", {"DISTCC_PRINCIPAL": "host"})],
                         ids=["reverse-lookup", "auth-name", "distcc-principal"])
def test_debian_client_authenticates_to_our_server(realm, server_factory, scratch, option, extra):
    server = server_factory()
    r = debian_client(realm, scratch, f"127.0.0.1:{server.port}{option}", **extra)
    assert r.returncode == 0, r.stderr
    assert r.object == CANNED_OBJECT
    assert "Authentication complete - happy compiling!" in r.stderr
    lines = server.lines()
    assert lines[0] == "authenticated alice"
    assert lines[1].startswith("served ") and lines[1].endswith("-c x.c -o x.o")


def test_our_blacklist_refuses_debian_client(realm, server_factory, scratch):
    server = server_factory("--blacklist", write_list(realm, "black-d", "alice"))
    r = debian_client(realm, scratch, f"127.0.0.1:{server.port},auth")
    assert r.returncode != 0
    assert r.object is None
    assert "Access denied by server." in r.stderr
    assert server.lines()[0].startswith("refused EXIT_GSSAPI_FAILED: Access denied")


def test_debian_client_without_auth_is_refused_by_our_server(realm, server_factory, scratch):
    server = server_factory()
    r = debian_client(realm, scratch, f"127.0.0.1:{server.port}")
    assert r.returncode != 0
    assert r.object is None
    assert server.lines()[0].startswith("refused EXIT_GSSAPI_FAILED: No client handshake")


@pytest.fixture
def debian_auth_daemon(realm, scratch):
    started = []

    def start(*extra_args):
        d = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, name=f"debian-auth-{len(started)}",
                           extra_args=["--auth", *extra_args], env=realm.server_env(), log_level="debug")
        d.start()
        started.append(d)
        return d
    yield start
    for d in started:
        d.stop()


def test_our_client_authenticates_to_debian_daemon(realm, debian_auth_daemon):
    d = debian_auth_daemon()
    client = run_client(realm.client_env("alice"), d.port)
    assert client.returncode == 0, client.stdout + client.stderr + d.log_text()
    assert "status 0" in client.stdout
    assert "Successfully authenticated alice@DCC.TEST." in d.log_text()


def test_our_client_with_distcc_principal_against_debian_daemon(realm, debian_auth_daemon):
    d = debian_auth_daemon()
    client = run_client(realm.client_env("bob", DISTCC_PRINCIPAL="host"), d.port)
    assert client.returncode == 0, client.stdout + client.stderr + d.log_text()


def test_debian_blacklist_denies_our_client(realm, debian_auth_daemon):
    d = debian_auth_daemon("--blacklist", write_list(realm, "black-deb", "alice"))
    alice = run_client(realm.client_env("alice"), d.port)
    bob = run_client(realm.client_env("bob"), d.port)
    assert alice.returncode == EXIT_ACCESS_DENIED, alice.stdout + alice.stderr
    assert bob.returncode == 0, bob.stdout + bob.stderr + d.log_text()


def test_debian_whitelist_admits_only_listed(realm, debian_auth_daemon):
    d = debian_auth_daemon("--whitelist", write_list(realm, "white-deb", "bob"))
    assert run_client(realm.client_env("alice"), d.port).returncode == EXIT_ACCESS_DENIED
    assert run_client(realm.client_env("bob"), d.port).returncode == 0


def test_our_client_times_out_against_debian_daemon_without_auth(realm, scratch):
    d = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, name="debian-noauth")
    d.start()
    try:
        start = time.monotonic()
        client = run_client(realm.client_env(), d.port)
        elapsed = time.monotonic() - start
    finally:
        d.stop()
    assert client.returncode == EXIT_TIMEOUT, client.stdout + client.stderr
    assert "Timeout - does this server require authentication?" in client.stdout
    assert elapsed < 10
