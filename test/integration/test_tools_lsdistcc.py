"""lsdistcc (issue 12) against live daemons on 127.0.0.x -- ours and Debian's 3.4 on
one port at different loopback addresses, a host that accepts and never answers, an
address where nothing listens -- compared line for line (as sets: lines come in
completion order) with Debian's /usr/bin/lsdistcc run the same way.  Names such as
distcc1..distccN come from a hosts file of the test's own (dcctest.hostsfile), never
from DNS.  Multi-host runs in network namespaces are in test/multihost."""
import contextlib
import os
import socket
import time

import pytest

from dcctest import daemons, hostsfile, paths, procs

OUR_LSDISTCC = paths.ours("lsdistcc")
DEBIAN_LSDISTCC = "/usr/bin/lsdistcc"
LIVE_OURS, LIVE_DEBIAN, SILENT, NOBODY = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"
SUFFIX = {1: "", 2: ",lzo", 3: ",lzo,cpp"}

pytestmark = pytest.mark.skipif(not OUR_LSDISTCC, reason="our lsdistcc has not been built")


def port_free_on(addresses):
    """A port that is free on every address (bound on the first, checked on the rest)."""
    for _ in range(50):
        port = procs.free_port(addresses[0])
        try:
            with contextlib.ExitStack() as stack:
                for address in addresses:
                    s = stack.enter_context(socket.socket())
                    s.bind((address, port))
            return port
        except OSError:
            continue
    raise RuntimeError(f"no port free on all of {addresses}")


@contextlib.contextmanager
def silent_server(address, port):
    """A listener whose connections complete (the kernel's backlog) but that never
    reads or answers: a host that accepts and then hangs."""
    with socket.socket() as s:
        s.bind((address, port))
        s.listen(64)
        yield s


@pytest.fixture
def hosts(scratch):
    """Our daemon on LIVE_OURS and Debian's on LIVE_DEBIAN (same port), the silent
    host on SILENT; nothing on NOBODY.  Yields the port."""
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    port = port_free_on([LIVE_OURS, LIVE_DEBIAN, SILENT, NOBODY])
    allow = ("127.0.0.0/8",)
    ours = daemons.Daemon(paths.OUR_DISTCCD, scratch, port=port, listen=LIVE_OURS, allow=allow, jobs=2,
                          name="our-distccd")
    theirs = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, port=port, listen=LIVE_DEBIAN, allow=allow, jobs=2,
                            name="debian-distccd")
    with ours, theirs, silent_server(SILENT, port):
        yield port


def lsdistcc(binary, *args, timeout=60, env=None):
    return procs.run([binary, *args], timeout=timeout, env=env)


def both(*args, timeout=60):
    """(ours, Debian's) CompletedProcess for the same arguments."""
    return lsdistcc(OUR_LSDISTCC, *args, timeout=timeout), lsdistcc(DEBIAN_LSDISTCC, *args, timeout=timeout)


def lines(result):
    return set(result.stdout.splitlines())


@pytest.mark.parametrize("protocol", [1, 2, 3])
def test_compile_probe_finds_the_live_daemons_as_debian_does(hosts, protocol):
    port = hosts
    args = (f"-r{port}", "-x", "-pgcc", "-k30000", f"-P{protocol}", LIVE_OURS, LIVE_DEBIAN, NOBODY)
    ours, theirs = both(*args)
    assert ours.returncode == theirs.returncode == 0
    assert lines(ours) == lines(theirs), (ours.stdout, theirs.stdout)
    suffix = SUFFIX[protocol]
    assert f"{LIVE_DEBIAN}:{port}{suffix}" in lines(ours)
    assert f"{NOBODY}:{port}{suffix},down" in lines(ours)
    # Our daemon compiles plain, lzo and pump (protocol 3) probe jobs.
    assert f"{LIVE_OURS}:{port}{suffix}" in lines(ours)
    assert len(ours.stdout.splitlines()) == 3


def timed_both(*args, limit_s):
    """both(), failing when the two runs together take `limit_s` seconds or more."""
    start = time.monotonic()
    ours, theirs = both(*args)
    assert time.monotonic() - start < limit_s
    assert ours.returncode == theirs.returncode == 0
    return ours, theirs


def test_host_that_accepts_and_never_answers(hosts):
    port = hosts
    probed, theirs = timed_both(f"-r{port}", "-x", "-l", "-pgcc", "-k700", SILENT, limit_s=15)
    name, latency = probed.stdout.split()
    assert name == f"{SILENT}:{port},down" == theirs.stdout.split()[0]
    assert int(latency) >= 700
    # Without a probe, accepting the connection is enough, for 3.4 too.
    connected, theirs = both(f"-r{port}", SILENT)
    assert connected.stdout == theirs.stdout == f"{SILENT}:{port}\n"


def test_down_hosts_are_left_out_without_x_and_status_stays_zero(hosts):
    port = hosts
    ours, theirs = both(f"-r{port}", NOBODY)
    assert ours.stdout == theirs.stdout == ""
    assert ours.returncode == theirs.returncode == 0  # it resolved: 3.4's status


def test_time_limit_ends_the_search_with_status_zero(hosts):
    port = hosts
    ours, theirs = timed_both(f"-r{port}", "-t1", "-x", "-pgcc", "-k60000", SILENT, limit_s=10)
    assert ours.stdout == theirs.stdout == ""


def test_usage_goes_to_stdout_with_status_one():
    for args in (["--help"], ["-P4", "x"], ["-p"], ["-m32"], ["-"]):
        ours, theirs = both(*args)
        assert ours.returncode == theirs.returncode == 1, args
        assert ours.stdout.startswith("Usage: lsdistcc [-tTIMEOUT] [-mBITS] [-nvd] [format]\n")
        assert theirs.stdout.startswith("Usage: lsdistcc [-tTIMEOUT] [-mBITS] [-nvd] [format]\n")
        assert ours.stderr == ""


def test_ipv6_addresses_in_host_list_syntax(scratch):
    if not _ipv6_loopback():
        pytest.skip("no IPv6 loopback here")
    with daemons.Daemon(paths.OUR_DISTCCD, scratch, listen="::1", allow=("::1",), jobs=2) as d:
        r = lsdistcc(OUR_LSDISTCC, f"-r{d.port}", "-x", "-pgcc", "-k30000", "-P2", "[::1]", "::1")
        assert r.returncode == 0
        assert r.stdout == f"[::1]:{d.port},lzo\n" * 2
        numeric = lsdistcc(OUR_LSDISTCC, f"-r{d.port}", "-n", "[::1]")
        assert numeric.stdout == f"[::1]:{d.port}\n"


def _ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# -- names from a hosts file of our own ----------------------------------------------

@pytest.fixture
def names(scratch):
    problem = hostsfile.probe()
    if problem:
        pytest.skip(problem)

    def run(binary, table, *args, env=None):
        return hostsfile.run([binary, *args], os.path.join(scratch, "names"), table, env=env)
    return run


GAPPY = {"distcc1": LIVE_OURS, "distcc2": LIVE_DEBIAN, "distcc3": SILENT, "distcc5": NOBODY, "distcc6": LIVE_OURS}


def test_format_search_stops_at_the_first_gap(hosts, names):
    port = hosts
    for extra, expected in ((["-o0"], {"distcc1", "distcc2", "distcc3"}),
                            (["-o0", "-g1"], {"distcc1", "distcc2", "distcc3", "distcc6"}),
                            (["-o0", "-g1", "-x"], {"distcc1", "distcc2", "distcc3", "distcc5,down", "distcc6"})):
        ours = names(OUR_LSDISTCC, GAPPY, f"-r{port}", "-c3000", *extra)
        theirs = names(DEBIAN_LSDISTCC, GAPPY, f"-r{port}", "-c3000", *extra)
        want = {f"{n.split(',')[0]}:{port}{',down' if 'down' in n else ''}" for n in expected}
        assert lines(ours) == lines(theirs) == want, (extra, ours.stdout, ours.stderr, theirs.stdout)
        assert ours.returncode == 0


def test_explicit_names_and_numeric_output(hosts, names):
    port = hosts
    table = {"build-a": LIVE_OURS, "build-b": LIVE_DEBIAN}
    ours = names(OUR_LSDISTCC, table, f"-r{port}", "-n", "-P2", "build-a", "build-b")
    theirs = names(DEBIAN_LSDISTCC, table, f"-r{port}", "-n", "-P2", "build-a", "build-b")
    assert lines(ours) == lines(theirs) == {f"{LIVE_OURS}:{port},lzo", f"{LIVE_DEBIAN}:{port},lzo"}


def test_nothing_resolves_is_status_one(names):
    for binary in (OUR_LSDISTCC, DEBIAN_LSDISTCC):
        r = names(binary, {}, "-x", "nosuchhost", "distcc7")
        assert (r.returncode, r.stdout) == (1, ""), binary
    assert names(OUR_LSDISTCC, {}, "-x").returncode == 1  # distcc1 is missing: nothing at all


def test_domain_from_host_variable(names):
    env = dict(os.environ, HOST="me.example.test")
    table = {"distcc1.example.test": "192.0.2.1"}
    for binary in (OUR_LSDISTCC, DEBIAN_LSDISTCC):
        r = names(binary, table, "-d", "-c0", "distcc1", env=env)
        assert (r.returncode, r.stdout) == (0, "distcc1.example.test\n"), binary


def test_verbose_reports_progress_on_stderr(hosts):
    port = hosts
    quiet = lsdistcc(OUR_LSDISTCC, f"-r{port}", "-x", NOBODY)
    loud = lsdistcc(OUR_LSDISTCC, f"-r{port}", "-x", "-v", NOBODY)
    assert quiet.stderr == ""
    assert loud.stdout == quiet.stdout == f"{NOBODY}:{port},down\n"
    assert f"Looking up {NOBODY}" in loud.stderr and "Connection refused" in loud.stderr
    assert "answered" not in loud.stderr
    dumps = lsdistcc(OUR_LSDISTCC, f"-r{port}", "-v", "-v", "-v", "-pgcc", "-k30000", LIVE_OURS)
    assert f'{LIVE_OURS} answered "DONE00000001STAT00000000' in dumps.stderr
