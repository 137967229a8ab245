"""Zeroconf over IPv6 (doc/client.md §7.3): on a private mDNS network that speaks
IPv6 only (dcctest.avahi), our distccd --zeroconf listening on :: is found by our
`+zeroconf` client, which writes a link-local address with the interface it was
seen on ([fe80::...%zc0]:port) and a global one as it is ([fd42:214::1]:port), and
compiles there with no local fallback.  Debian's distcc 3.4 in the same network is
shown for the record: it writes a link-local address without the interface,
which no connect() can use."""
import os
import re

import pytest

from dcctest import avahi, paths, procs
from dcctest.clientrun import local_object, read, write
from test_zeroconf_hosts import COMPILE, HELLO, built_with_zeroconf, client

pytestmark = pytest.mark.needs_root

EXPECTED = {
    "link-local": r"\[fe80::[0-9a-f:]+%" + avahi.INTERFACE + r"\]",
    "global": re.escape(f"[{avahi.ADDRESS6}]"),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_our_client_compiles_at_the_ipv6_address_it_discovered(scratch, kind):
    if not built_with_zeroconf():
        pytest.skip("our programs are not built with zeroconf support")
    reason = avahi.probe()
    if reason:
        pytest.skip(reason)
    write(os.path.join(scratch, "hello.c"), HELLO)
    local_object(["gcc", "-O2", "-c", "hello.c", "-o", "local.o"], scratch)
    net = avahi.AvahiNetwork(scratch, ipv6=kind).start()
    daemon = None
    try:
        daemon = avahi.NsDaemon(net, paths.OUR_DISTCCD, scratch, name="zc6", jobs=3, listen="::",
                                allow=("fd42:214::/64", "fe80::/10"), extra_args=["--zeroconf"]).start()
        wanted = re.compile(EXPECTED[kind] + f":{daemon.port}/3,lzo$")

        def listed():
            words = client(net, scratch, ["--show-hosts"]).stdout.split()
            return next((w for w in words if wanted.match(w)), None)
        procs.wait_until(listed, 25, interval=0.5, what=f"{wanted.pattern} in the zeroconf host list")
        r = client(net, scratch, COMPILE, DISTCC_FALLBACK=0)
        assert r.returncode == 0, r.stderr
        assert len(daemon.summaries_in()) == 1, daemon.log_text()
        assert read(os.path.join(scratch, "hello.o")) == read(os.path.join(scratch, "local.o"))
        if kind == "link-local" and paths.have_debian_distcc():
            theirs = client(net, os.path.join(scratch, "debian"), ["--show-hosts"], binary=paths.DEBIAN_DISTCC)
            words = theirs.stdout.split()
            # QUIRK (doc/client.md §7.3): 3.4 drops the interface of a link-local address.
            assert any(w.startswith("[fe80::") and "%" not in w for w in words), words
    finally:
        if daemon:
            daemon.stop()
        avahi.stop_lock_holder(os.path.join(scratch, "distcc-dir", "zeroconf", "lock"))
        avahi.stop_lock_holder(os.path.join(scratch, "debian", "distcc-dir", "zeroconf", "lock"))
        net.stop()
