"""A build configured --without-gssapi / --without-avahi (doc/client.md §7,
doc/daemon.md §1 and §12): `,auth` hosts and `+zeroconf` are still understood and
fail with the libraries' "not built with ..." message, so the job compiles locally;
distccd refuses to serve with --auth (119) or --zeroconf (103).  Each test skips in a
build that has the feature (test_auth_hosts.py and test_zeroconf_hosts.py cover it).
"""
import os

import pytest

from dcctest import daemons, paths, procs
from dcctest.clientrun import distcc, write
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distcc") or not paths.ours("distccd"),
                                reason="our programs have not been built")


def built_with(word):
    return word in procs.run([paths.OUR_DISTCCD, "--version"], timeout=10).stdout


def skip_if_built_with(word):
    if built_with(word):
        pytest.skip(f"this build has {word} support")


@pytest.fixture
def source(scratch):
    write(os.path.join(scratch, "x.c"), "int x(void) { return 1; }\n")
    return scratch


def serve_and_fail(scratch, option):
    r = procs.run([paths.OUR_DISTCCD, "--daemon", "--no-detach", "--log-stderr", "--port", str(procs.free_port()),
                   "--listen", "127.0.0.1", "--allow", "127.0.0.1", option],
                  env=dict(os.environ, DISTCCD_PRINCIPAL="host/localhost", TMPDIR=scratch), timeout=30)
    return r.returncode, r.stderr


def test_auth_host_fails_cleanly_and_compiles_locally(source, scratch):
    skip_if_built_with("GSS-API")
    d = daemons.Daemon(paths.OUR_DISTCCD, scratch, name="plain").start()
    try:
        r = distcc(["gcc", "-c", "x.c", "-o", "x.o"], clean_client_env(source, hosts=d.host_spec(",auth")), source)
    finally:
        d.stop()
    assert r.returncode == 0, r.stderr
    assert "running locally instead: not built with GSS-API support" in r.stderr
    assert os.path.exists(os.path.join(source, "x.o"))
    assert d.summaries() == [], "nothing of the job may reach the server"


def test_auth_option_stops_the_daemon(scratch):
    skip_if_built_with("GSS-API")
    code, log = serve_and_fail(scratch, "--auth")
    assert code == 119, log
    assert "not built with GSS-API support" in log


def test_zeroconf_host_list_is_refused_clearly(source):
    skip_if_built_with("Zeroconf")
    env = clean_client_env(source, hosts="+zeroconf")
    r = distcc(["gcc", "-c", "x.c", "-o", "x.o"], env, source)
    assert r.returncode == 0, r.stderr
    assert "+zeroconf: not built with zeroconf support" in r.stderr
    assert os.path.exists(os.path.join(source, "x.o"))
    shown = distcc(["--show-hosts"], env, source)
    assert "+zeroconf: not built with zeroconf support" in shown.stderr


def test_zeroconf_option_stops_the_daemon(scratch):
    skip_if_built_with("Zeroconf")
    code, log = serve_and_fail(scratch, "--zeroconf")
    assert code == 103, log
    assert "not built with zeroconf support" in log
