"""Zeroconf (doc/client.md §7.3, doc/daemon.md §12) on a private mDNS network
(dcctest.avahi: own namespace, own D-Bus, own avahi-daemon), checked against
Debian's avahi-browse and Debian's distcc 3.4, which is built with Avahi.

Our halves run in zeroconf-peer (test/unit/zeroconf/zeroconf_peer.cpp): `publish`
announces like distccd --zeroconf, `hosts` is what a `+zeroconf` client reads.
Browser processes that clients leave behind are stopped by the PID that holds
their lock file.
"""
import os
import subprocess
import time

import pytest

from dcctest import avahi, paths, procs
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.needs_root

ZEROCONF_PEER = os.path.join(paths.TOP_BUILDDIR, "test", "unit", "zeroconf", "zeroconf-peer")
SERVICE_TYPE = "_distcc._tcp"


def mangle(part):
    return "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in part)


def compiler_subtype():
    version = procs.run(["cc", "-dumpversion"]).stdout.split()[0]
    machine = procs.run(["cc", "-dumpmachine"]).stdout.split()[0]
    return f"_{mangle(machine)}--{mangle(version)}._sub.{SERVICE_TYPE}"


@pytest.fixture
def net(scratch):
    reason = avahi.probe()
    if reason:
        pytest.skip(reason)
    if not os.access(ZEROCONF_PEER, os.X_OK):
        pytest.skip(f"{ZEROCONF_PEER} is not built (make check builds it)")
    if procs.run([ZEROCONF_PEER, "available"], timeout=10).stdout.strip() != "yes":
        pytest.skip("this build has no zeroconf support (configure --without-avahi)")
    n = avahi.AvahiNetwork(scratch).start()
    yield n
    n.stop()


@pytest.fixture
def peers(net):
    """Start `zeroconf-peer publish` processes; stopped (and so withdrawn) at the end."""
    started = []

    def publish(port, cpus, jobs, *extra, env=None):
        proc = net.popen([ZEROCONF_PEER, "publish", str(port), str(cpus), str(jobs), *map(str, extra)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(proc)
        line = proc.stdout.readline().strip()
        assert line == "publishing", line + proc.stderr.read()
        return proc
    yield publish
    for proc in started:
        if proc.poll() is None:
            procs.stop_pid(proc.pid)
        proc.communicate()


@pytest.fixture
def browser_dirs(scratch):
    """DISTCC_DIRs whose zeroconf browsers are stopped at the end."""
    dirs = []

    def make(name):
        path = os.path.join(scratch, name)
        os.makedirs(path, exist_ok=True)
        dirs.append(path)
        return path
    yield make
    for path in dirs:
        avahi.stop_lock_holder(os.path.join(path, "zeroconf", "lock"))


def by_port(port):
    return lambda services: any(s["port"] == port for s in services)


def test_avahi_browse_sees_our_announcement_with_the_records_of_distccd(net, peers, scratch):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    # Debian's first: it aborts when the name distcc@<host> is taken locally, while
    # ours moves on to "distcc@<host> #2".
    debian = avahi.NsDaemon(net, paths.DEBIAN_DISTCCD, scratch, name="debian-zc", jobs=7,
                            extra_args=["--zeroconf"]).start()
    try:
        assert net.browse(compiler_subtype(), by_port(debian.port))
        ours = procs.free_port()
        peers(ours, os.cpu_count(), 7)
        services = net.browse(compiler_subtype(), lambda s: by_port(ours)(s) and by_port(debian.port)(s))
    finally:
        debian.stop()
    mine = [s for s in services if s["port"] == ours]
    theirs = [s for s in services if s["port"] == debian.port]
    assert mine and theirs, services
    assert mine[0]["name"] == theirs[0]["name"] + " #2"
    assert mine[0]["address"] == avahi.ADDRESS
    assert {k: mine[0]["txt"].get(k) for k in theirs[0]["txt"]} == theirs[0]["txt"], \
        "distccd 3.4's TXT records with the same values for the same CPUs and jobs"
    assert mine[0]["txt"]["jobs"] == "7" and mine[0]["txt"]["txtvers"] == "1"
    # then what ours adds (doc/daemon.md §12.1); no whitelist directory: no ccN
    assert set(mine[0]["txt"]) - set(theirs[0]["txt"]) == {"protocols", "features"}
    assert mine[0]["txt"]["protocols"] == "1,2,3" and mine[0]["txt"]["features"] == "lzo,cpp"


def test_announcement_is_withdrawn_when_the_publisher_stops(net, peers):
    port = procs.free_port()
    proc = peers(port, 2, 4)
    assert net.browse(SERVICE_TYPE, by_port(port))
    procs.stop_pid(proc.pid)
    net.wait_until_withdrawn(SERVICE_TYPE, port)


def test_announcement_returns_after_avahi_restarts(net, peers):
    port = procs.free_port()
    peers(port, 2, 4)
    assert net.browse(SERVICE_TYPE, by_port(port))
    net.restart_avahi()
    assert net.browse(SERVICE_TYPE, by_port(port), timeout=20), "the publisher reconnects and registers again"


def debian_show_hosts(net, distcc_dir):
    env = clean_client_env(os.path.dirname(distcc_dir), hosts="+zeroconf")
    env["DISTCC_DIR"] = distcc_dir
    r = net.run([paths.DEBIAN_DISTCC, "--show-hosts"], env=env, timeout=30, cwd="/")
    return r.stdout.split()


def our_hosts(net, distcc_dir):
    r = net.run([ZEROCONF_PEER, "hosts", distcc_dir], timeout=30)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.split()


def test_debian_client_finds_our_announcement(net, peers, browser_dirs):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    port = procs.free_port()
    peers(port, 2, 6)
    distcc_dir = browser_dirs("debian-client")
    expected = f"{avahi.ADDRESS}:{port}/6"
    procs.wait_until(lambda: expected in debian_show_hosts(net, distcc_dir), 20, interval=0.5,
                     what=f"{expected} in Debian's zeroconf host list")


def test_our_browser_finds_debian_distccd(net, scratch, browser_dirs):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    debian = avahi.NsDaemon(net, paths.DEBIAN_DISTCCD, scratch, name="debian-zc", jobs=5,
                            extra_args=["--zeroconf"]).start()
    try:
        distcc_dir = browser_dirs("our-client")
        expected = f"{avahi.ADDRESS}:{debian.port}/5"
        procs.wait_until(lambda: expected in our_hosts(net, distcc_dir), 20, interval=0.5,
                         what=f"{expected} in our zeroconf host list")
        assert avahi.lock_holder(os.path.join(distcc_dir, "zeroconf", "lock")), "a browser keeps running"
    finally:
        debian.stop()


# TXT records of servers that are not distccd; the job counts a browser derives from
# them are compared between Debian's browser and ours.
ODD_ANNOUNCEMENTS = [["cpus=3", "jobs=0"], ["cpus=0", "jobs=-5"], ["cpus=3"], ["jobs=7"], ["cpus=-2", "jobs=x"], []]


def test_both_browsers_derive_the_same_job_counts(net, browser_dirs):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    subtype = compiler_subtype()
    publishers = []
    try:
        for i, txt in enumerate(ODD_ANNOUNCEMENTS):
            publishers.append(net.popen(["avahi-publish", "-s", "--sub", subtype, f"odd-{i}", SERVICE_TYPE,
                                         str(4100 + i), *txt],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        theirs_dir, ours_dir = browser_dirs("debian"), browser_dirs("ours")

        def complete(lines):
            return lines if len(lines) == len(ODD_ANNOUNCEMENTS) else None
        theirs = procs.wait_until(lambda: complete(debian_show_hosts(net, theirs_dir)), 20, interval=0.5,
                                  what="Debian's list")
        ours = procs.wait_until(lambda: complete(our_hosts(net, ours_dir)), 20, interval=0.5, what="our list")
    finally:
        for p in publishers:
            procs.stop_pid(p.pid)
    assert sorted(ours) == sorted(theirs)
    assert f"{avahi.ADDRESS}:4100/5" in ours  # jobs=0 with 3 CPUs: cpus + 2


@pytest.mark.slow
def test_browser_exits_after_twenty_seconds_unused(net, browser_dirs):
    distcc_dir = browser_dirs("idle")
    our_hosts(net, distcc_dir)
    lock = os.path.join(distcc_dir, "zeroconf", "lock")
    started = time.monotonic()
    assert avahi.lock_holder(lock)
    procs.wait_until(lambda: avahi.lock_holder(lock) is None, 45, interval=0.5, what="the idle browser to exit")
    assert time.monotonic() - started >= 19
