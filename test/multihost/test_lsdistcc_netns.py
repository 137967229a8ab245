"""lsdistcc (issue 12) across network namespaces (root only).  From the client
namespace it checks daemon hosts, a host that accepts connections and never answers
the compile probe, a host whose packets are all dropped and an address where no
host exists; and it scans the whole subnet by a name format, which only finishes in
time because every connect runs at once.  Debian's /usr/bin/lsdistcc runs the same
commands on the same hosts and must print the same lines (in any order: they come in
completion order)."""
import contextlib
import os
import time

import pytest

from dcctest import netns, paths

pytestmark = pytest.mark.needs_root

OUR_LSDISTCC = paths.ours("lsdistcc")
DEBIAN_LSDISTCC = "/usr/bin/lsdistcc"
PORT = 3632


@pytest.fixture
def network(make_cluster):
    """Daemons on .2-.4, a silent host on .5 (accepts, never answers), a host on .6
    that drops every packet; .7 does not exist."""
    if not OUR_LSDISTCC:
        pytest.skip("our lsdistcc has not been built")
    if not os.access(DEBIAN_LSDISTCC, os.X_OK):
        pytest.skip("Debian's lsdistcc (package distcc) is not installed")
    c = make_cluster(hosts=3)
    silent = c.network.add_host("silent", 5)
    with contextlib.closing(silent.socket()) as listener:
        listener.bind((silent.address, PORT))
        listener.listen(64)
        c.network.add_host("blackhole", 6).drop_all_packets()
        yield c


def run_both(c, args, timeout=120):
    """{binary: (set of lines, exit status, seconds)} for ours and Debian's."""
    out = {}
    for binary in (OUR_LSDISTCC, DEBIAN_LSDISTCC):
        start = time.monotonic()
        r = c.client.run([binary, *args], timeout=timeout)
        out[binary] = (set(r.stdout.splitlines()), r.returncode, time.monotonic() - start)
    return out


def test_probe_tells_live_silent_dropped_and_missing_hosts_apart(network):
    c = network
    addresses = [f"{netns.SUBNET}.{i}" for i in range(2, 8)]
    results = run_both(c, ["-x", "-pgcc", "-k8000", "-c1000", "-t60", *addresses])
    ours, theirs = results[OUR_LSDISTCC], results[DEBIAN_LSDISTCC]
    expected = {f"{a}{',down' if a.rsplit('.', 1)[1] in '567' else ''}" for a in addresses}
    assert ours[0] == expected, ours
    assert theirs[0] == expected, theirs
    assert ours[1] == theirs[1] == 0
    # The silent host costs the compile timeout; everything else runs beside it.
    assert ours[2] < 8 + 6


def test_subnet_scan_connects_to_every_address_at_once(network):
    c = network
    # 10.213.0.1 .. .255 resolve as numbers; .256 does not, which ends the search.
    args = ["-c700", "-t60", f"{netns.SUBNET}.%d"]
    results = run_both(c, args)
    ours, theirs = results[OUR_LSDISTCC], results[DEBIAN_LSDISTCC]
    live = {f"{netns.SUBNET}.{i}" for i in (2, 3, 4, 5)}  # the silent host accepts: up without -p
    assert ours[0] == theirs[0] == live
    assert ours[1] == theirs[1] == 0
    # 250 unreachable addresses at 0.7 s each would take minutes one after another.
    assert ours[2] < 15, ours[2]
