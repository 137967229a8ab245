"""Hostile clients against our distccd (issue 4): CVE-2004-2687 shapes, compilers
outside the whitelist, dangerous flags, garbage, oversized and stalled requests,
silent connections, and clients outside --allow.  Every refusal closes the
connection without a byte, logs exactly one line naming client, rule and argument,
and the daemon keeps serving correct jobs afterwards."""
import os
import random
import socket
import time

import pytest

from dcctest import daemontest, paths, procs, wire

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")

GOOD_ARGV = ["gcc", "-c", "x.c", "-o", "x.o"]


@pytest.fixture
def daemon(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=2)
    yield d
    d.stop()


def assert_still_serving(daemon, host="127.0.0.1"):
    reply = wire.compile_remote(daemon.port, GOOD_ARGV, b"int x = 42;\n", host=host, timeout=30)
    assert reply.status == 0, reply
    assert reply.doto.startswith(b"\x7fELF")


def refusal_lines(daemon):
    return [line for line in daemon.log_text().splitlines() if "refused job from" in line]


def assert_refused(daemon, data, rule, argument):
    before = len(refusal_lines(daemon))
    assert wire.exchange(daemon.port, data, timeout=30) == b"", "a refused job gets no reply"
    procs.wait_until(lambda: len(refusal_lines(daemon)) > before, 10, what="the refusal line")
    lines = refusal_lines(daemon)[before:]
    assert len(lines) == 1, lines
    assert "refused job from 127.0.0.1:" in lines[0]
    assert f"rule {rule}," in lines[0], lines[0]
    assert f'argument "{argument}' in lines[0], lines[0]
    assert_still_serving(daemon)


CVE_CASES = [
    # (argv, rule, offending argument)
    (["sh", "-c", "touch {marker}", "x.c", "-o", "x.o"], "whitelist", "sh"),
    (["/bin/sh", "-c", "touch {marker}", "x.c", "-o", "x.o"], "whitelist", "/bin/sh"),
    (["/tmp/evil/gcc", "-c", "x.c", "-o", "x.o"], "compiler_path", "/tmp/evil/gcc"),
    (["tcc", "-c", "x.c", "-o", "x.o"], "whitelist", "tcc"),
    (GOOD_ARGV + ["-fplugin=/tmp/evil.so"], "plugin", "-fplugin=/tmp/evil.so"),
    (GOOD_ARGV + ["-wrapper", "/bin/sh,-c,touch {marker}"], "program", "-wrapper /bin/sh,-c,touch"),
    (GOOD_ARGV + ["-B/tmp/evil"], "program", "-B/tmp/evil"),
    (GOOD_ARGV + ["-B", "/tmp/evil"], "program", "-B /tmp/evil"),
    (GOOD_ARGV + ["-specs=/tmp/evil.specs"], "not_distributable", "gcc -c x.c"),
    (GOOD_ARGV + ["--specs=/tmp/evil.specs"], "program", "--specs=/tmp/evil.specs"),
    (GOOD_ARGV + ["-Xclang", "-load", "-Xclang", "/tmp/evil.so"], "unknown_option", "-Xclang"),  # not gcc's
    (GOOD_ARGV + ["@/etc/passwd"], "response_file", "@/etc/passwd"),
    (GOOD_ARGV + ["-MD", "-MF", "/tmp/evil.d"], "output_path", "-MF /tmp/evil.d"),
    (GOOD_ARGV + ["-fdump-tree-all=/tmp/evil"], "output_path", "-fdump-tree-all=/tmp/evil"),
    (["gcc", "-E", "x.c"], "not_distributable", "gcc -E x.c"),
]


@pytest.mark.parametrize("argv,rule,argument", CVE_CASES, ids=[c[1] + "-" + c[2][:20] for c in CVE_CASES])
def test_dangerous_requests_are_refused(scratch, daemon, argv, rule, argument):
    marker = os.path.join(scratch, "pwned")
    argv = [w.format(marker=marker) for w in argv]
    assert_refused(daemon, wire.request(argv), rule, argument)
    assert not os.path.exists(marker), "nothing but a whitelisted compiler ran"
    assert daemontest.job_leftovers(daemon) == []


GARBAGE = {
    "http": b"GET / HTTP/1.0\r\n\r\n",
    # Version 4 is the side-file probe (doc/protocol.md §16); 7 is no version at all.
    "version7": wire.packet("DIST", value=7) + wire.argv_packets(GOOD_ARGV),
    "version0": wire.packet("DIST", value=0) + wire.argv_packets(GOOD_ARGV),
    "pump_dotdot_name": (wire.packet("DIST", value=3) + wire.packet("CDIR", "/tmp") + wire.argv_packets(GOOD_ARGV) +
                         wire.packet("NFIL", value=1) + wire.packet("NAME", "/tmp/../x.c") + wire.packet("FILE", b"")),
    "upper_garbage": b"DIST0000000ZARGC",
    "argv_without_argc": wire.packet("DIST", value=1) + wire.packet("ARGV", "gcc"),
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_is_refused(daemon, name):
    assert_refused(daemon, GARBAGE[name], "protocol", "")
    summaries = daemon.summaries()
    assert summaries and summaries[-2]["category"] == "REJ_BAD_REQ", summaries[-2:]


def test_random_bytes_never_hurt(daemon):
    rng = random.Random(4)
    for _ in range(30):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        if rng.random() < 0.5:
            blob = wire.packet("DIST", value=1) + blob
        assert wire.exchange(daemon.port, blob, timeout=30, shutdown_write=True) == b""
    assert_still_serving(daemon)
    assert daemontest.job_leftovers(daemon) == []


def test_caps_refuse_oversized_requests_without_reading_them(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=2, extra_args=[
        "--max-argc", "50", "--max-argv-total", "10000", "--max-arg-length", "2000", "--max-item-size", "100000"])
    try:
        too_many = wire.packet("DIST", value=1) + wire.argv_packets(["gcc"] + ["-DX"] * 60)
        assert_refused(d, too_many, "protocol", "")
        long_word = wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV + ["-D" + "x" * 3000])
        assert_refused(d, long_word, "protocol", "")
        long_total = wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV + ["-D" + "x" * 1500] * 8)
        assert_refused(d, long_total, "protocol", "")
        big_source = wire.request(GOOD_ARGV, b"int x;\n" + b" " * 200000)
        assert_refused(d, big_source, "protocol", "DOTI")
        # A 4 GiB claim is refused at once, not after waiting for the bytes.
        claim = wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV) + b"DOTIffffffff"
        _, seconds = daemontest.elapsed(lambda: wire.exchange(d.port, claim, timeout=30))
        assert seconds < 5
        assert daemontest.job_leftovers(d) == []
    finally:
        d.stop()


def test_hundred_silent_connections_do_not_block_jobs(daemon):
    silent = []
    try:
        for _ in range(100):
            silent.append(socket.create_connection(("127.0.0.1", daemon.port), timeout=10))
        start = time.monotonic()
        for _ in range(4):
            assert_still_serving(daemon)
        assert time.monotonic() - start < 20
    finally:
        for s in silent:
            s.close()
    assert_still_serving(daemon)


def test_stalled_clients_time_out(scratch):
    env = dict(os.environ, DISTCC_IO_TIMEOUT="2")
    d = daemontest.our_daemon_for(scratch, jobs=2, env=env)
    stalled = []
    try:
        # Two clients send half a request and stop.
        for _ in range(2):
            s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
            s.sendall(wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV) + b"DOTI00000100int")
            stalled.append(s)
        time.sleep(0.3)
        _, seconds = daemontest.elapsed(lambda: assert_still_serving(d))
        assert seconds < 10
        # The intake closes them (doc/security.md §1); they never took a worker.
        procs.wait_until(lambda: d.log_text().count("sent nothing for 2 s; closing") >= 2, 10,
                         what="the intake closing both")
        assert [s["category"] for s in d.summaries()] == ["COMPILE_OK"]
        assert daemontest.job_leftovers(d) == []
    finally:
        for s in stalled:
            s.close()
        d.stop()


def test_client_outside_allow_is_refused_loopback(scratch):
    """Only 127.0.0.2 is allowed; the same machine connecting from 127.0.0.1 is not."""
    d = daemontest.our_daemon_for(scratch, jobs=2, allow=("127.0.0.2",))
    try:
        before = d.log_text().count("denied by access list")
        assert wire.exchange(d.port, wire.request(GOOD_ARGV), timeout=30) == b""
        procs.wait_until(lambda: d.log_text().count("denied by access list") > before, 10, what="denial")
        assert "connection from client '127.0.0.1:" in d.log_text()
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
            s.settimeout(30)
            s.connect(("127.0.0.1", d.port))
            s.sendall(wire.request(GOOD_ARGV, b"int y;\n"))
            reply = wire.parse_reply(wire.read_all(s, 30))
        assert reply.status == 0 and reply.doto.startswith(b"\x7fELF")
        assert [s["category"] for s in d.summaries()] == ["COMPILE_OK"], "a denied client makes no job"
    finally:
        d.stop()


@pytest.mark.needs_root
def test_client_outside_allow_from_a_network_namespace(scratch):
    netns = pytest.importorskip("dcctest.netns", reason="dcctest.netns (multi-host harness) is not available")
    reason = netns.probe()
    if reason:
        pytest.skip(reason)
    with netns.Network() as network:
        server = network.add_host("server")
        outsider = network.add_host("outsider")
        insider = network.add_host("insider")
        d = server.start_daemon(paths.OUR_DISTCCD, scratch, allow=[f"{insider.address}/32"], jobs=2)
        try:
            def exchange_from(host, data):
                s = host.socket()
                s.settimeout(30)
                try:
                    s.connect((server.address, d.port))
                    s.sendall(data)
                    return wire.read_all(s, 30)
                finally:
                    s.close()
            assert exchange_from(outsider, wire.request(GOOD_ARGV)) == b""
            procs.wait_until(lambda: f"connection from client '{outsider.address}:" in d.log_text(), 10,
                             what="the denial line")
            assert "denied by access list" in d.log_text()
            reply = wire.parse_reply(exchange_from(insider, wire.request(GOOD_ARGV)))
            assert reply.status == 0 and reply.doto.startswith(b"\x7fELF")
        finally:
            d.stop()
