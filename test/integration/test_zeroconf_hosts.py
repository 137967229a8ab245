"""Zeroconf in the programs themselves (doc/client.md §7.3, doc/daemon.md §12)
on a private mDNS network (dcctest.avahi): our distcc with DISTCC_HOSTS=+zeroconf
finds our distccd --zeroconf and Debian's and compiles there, Debian's distcc finds
ours, and a stopped daemon's announcement goes away.  The browser and publisher on
their own are tested through zeroconf-peer in test_zeroconf_interop.py.  Browser
processes that clients leave behind are stopped by the PID that holds their lock.
"""
import os

import pytest

from dcctest import avahi, paths, procs
from dcctest.clientrun import local_object, read, write
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.needs_root

HELLO = "int square(int x) { return x * x; }\nint main(void) { return square(3) - 9; }\n"
COMPILE = ["gcc", "-O2", "-c", "hello.c", "-o", "hello.o"]
NETWORK = avahi.ADDRESS.rsplit(".", 1)[0] + ".0/24"


def built_with_zeroconf():
    if not paths.ours("distcc") or not paths.ours("distccd"):
        return False
    return "Zeroconf" in procs.run([paths.OUR_DISTCCD, "--version"], timeout=10).stdout


@pytest.fixture
def net(scratch):
    if not built_with_zeroconf():
        pytest.skip("our programs are not built with zeroconf support")
    reason = avahi.probe()
    if reason:
        pytest.skip(reason)
    n = avahi.AvahiNetwork(scratch).start()
    yield n
    n.stop()


@pytest.fixture
def hello(scratch):
    write(os.path.join(scratch, "hello.c"), HELLO)
    local_object(["gcc", "-O2", "-c", "hello.c", "-o", "local.o"], scratch)
    distcc_dir = os.path.join(scratch, "distcc-dir")
    yield scratch
    avahi.stop_lock_holder(os.path.join(distcc_dir, "zeroconf", "lock"))


@pytest.fixture
def zeroconf_daemon(net, scratch):
    started = []

    def start(binary, jobs=3):
        d = avahi.NsDaemon(net, binary, scratch, name=f"zc-{len(started)}", jobs=jobs, allow=(NETWORK,),
                           extra_args=["--zeroconf"]).start()
        started.append(d)
        return d
    yield start
    for d in started:
        d.stop()


def client(net, cwd, args, binary=None, **extra):
    """A client inside the network with DISTCC_HOSTS=+zeroconf and DISTCC_DIR in cwd
    (nsenter does not keep the working directory: env -C sets it)."""
    env = clean_client_env(cwd, hosts="+zeroconf", **extra)
    return net.run(["env", "-C", cwd, binary or paths.OUR_DISTCC, *args], env=env, timeout=60)


def wait_until_listed(net, cwd, daemon, jobs, binary=None, options=""):
    """The first --show-hosts starts the browser; wait (bounded) until it lists `daemon`."""
    expected = f"{avahi.ADDRESS}:{daemon.port}/{jobs}{options}"
    procs.wait_until(lambda: expected in client(net, cwd, ["--show-hosts"], binary).stdout.split(), 20,
                     interval=0.5, what=f"{expected} in the zeroconf host list")


@pytest.mark.parametrize("server", ["ours", "debian"])
def test_our_client_compiles_on_a_discovered_daemon(net, hello, zeroconf_daemon, server):
    if server == "debian" and not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    d = zeroconf_daemon(paths.OUR_DISTCCD if server == "ours" else paths.DEBIAN_DISTCCD, jobs=5)
    # ours announces lzo (doc/client.md §7.4); ,cpp only under pump
    wait_until_listed(net, hello, d, 5, options=",lzo" if server == "ours" else "")
    r = client(net, hello, COMPILE, DISTCC_FALLBACK=0)
    assert r.returncode == 0, r.stderr
    assert len(d.summaries_in()) == 1, d.log_text()
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))
    assert avahi.lock_holder(os.path.join(hello, "distcc-dir", "zeroconf", "lock")), "the browser keeps running"


def test_debian_client_compiles_on_our_daemon(net, hello, zeroconf_daemon):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    d = zeroconf_daemon(paths.OUR_DISTCCD, jobs=4)
    wait_until_listed(net, hello, d, 4, binary=paths.DEBIAN_DISTCC)
    r = client(net, hello, COMPILE, binary=paths.DEBIAN_DISTCC, DISTCC_FALLBACK=0)
    assert r.returncode == 0, r.stderr
    assert len(d.summaries_in()) == 1, d.log_text()


def test_stopped_daemon_is_no_longer_announced(net, zeroconf_daemon):
    d = zeroconf_daemon(paths.OUR_DISTCCD)
    assert net.browse("_distcc._tcp", lambda services: any(s["port"] == d.port for s in services))
    d.stop()
    net.wait_until_withdrawn("_distcc._tcp", d.port)


def test_without_any_daemon_the_client_compiles_locally(net, hello):
    r = client(net, hello, COMPILE, DISTCC_VERBOSE=1)
    assert r.returncode == 0, r.stderr
    assert "zeroconf/hosts contained no hosts" in r.stderr
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))
