"""Request intake and hostile clients (issue 16, doc/security.md §1 and §4), speaking
the protocol directly: a thousand stalled and trickling connections do not slow real
compiles down, and the daemon's descriptors, memory and children come back once the
attackers leave; the intake's deadlines close stalled clients; an LZO bomb costs a
worker bounded memory and a large legitimate source is still compiled; a newline in a
compiler name cannot forge a log line."""
import os
import resource
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dcctest import daemontest, paths, procs, wire

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")

GOOD_ARGV = ["gcc", "-c", "x.c", "-o", "x.o"]
SOURCE = b"".join(b"int f%d(int x) { return x * %d + 1; }\n" % (i, i) for i in range(300))


def raise_fd_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} is below {wanted}")
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return soft, hard


def compile_once(port):
    reply = wire.compile_remote(port, GOOD_ARGV, SOURCE, timeout=60)
    assert reply.status == 0, reply
    assert reply.doto.startswith(b"\x7fELF")


def twenty_compiles(port):
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for f in [pool.submit(compile_once, port) for _ in range(20)]:
            f.result()
    return time.monotonic() - start


def vm_kib(pid, field):
    for line in daemontest.read_text(f"/proc/{pid}/status").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def footprint(daemon):
    pid = daemon.proc.pid
    return daemontest.fd_count(pid), vm_kib(pid, "VmRSS"), sorted(daemontest.children_of(pid))


class Attackers:
    """`count` connections: half send a few bytes and stall, half trickle one byte a
    second into the body of a 1 MiB argument."""

    TRICKLE_HEAD = wire.packet("DIST", value=1) + wire.packet("ARGC", value=1) + b"ARGV00100000"

    def __init__(self, port, count):
        self.sockets = []
        self.stop = threading.Event()
        for i in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(self.TRICKLE_HEAD if i % 2 else wire.packet("DIST", value=1) + b"ARGC0")
            self.sockets.append(s)
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self):
        while not self.stop.wait(1.0):
            for s in self.sockets[1::2]:
                try:
                    s.send(b"x")
                except OSError:
                    pass

    def leave(self):
        self.stop.set()
        self.thread.join(10)
        for s in self.sockets:
            s.close()


def test_thousand_stalled_and_trickling_connections_do_not_slow_compiles(scratch):
    raise_fd_limit(4096)
    d = daemontest.our_daemon_for(scratch, jobs=4)
    try:
        daemontest.wait_for_workers(d, 4)
        compile_once(d.port)  # warm the compiler's caches
        before = footprint(d)
        # Interleaved rounds, the best of each kind: this machine is shared (make -j2
        # check runs other suites beside this one), so a round may be slowed by
        # anything.  A starved daemon is slow in every round; noise is not, so rounds
        # go on (at most 6) until the best of each kind are within 1.2x (plus half a
        # second of scheduling noise).
        idle, loaded, rounds = [], [], 0
        within = lambda: min(loaded) <= 1.2 * min(idle) + 0.5
        while rounds < 6 and not (rounds >= 2 and within()):
            rounds += 1
            idle.append(twenty_compiles(d.port))
            attackers = Attackers(d.port, 1000)
            try:
                loaded.append(twenty_compiles(d.port))
                peak = vm_kib(d.proc.pid, "VmHWM")
            finally:
                attackers.leave()
        assert len(d.summaries()) == 1 + 40 * rounds, "the attackers made no jobs"
        print(f"20 compiles over {rounds} rounds: idle {idle}, with 1000 attackers {loaded}; "
              f"main process peak RSS {peak} KiB")
        assert within(), f"best idle {min(idle):.2f}s, best under attack {min(loaded):.2f}s"
        fds, rss, children = before

        def recovered():
            now = footprint(d)
            return now if now[0] == fds and now[2] == children and now[1] <= rss + 4096 else None
        procs.wait_until(recovered, 15, what=f"the daemon's fds/memory/children back to {before}")
        compile_once(d.port)
    finally:
        d.stop()


def test_intake_deadlines_close_stalled_and_trickling_clients(scratch):
    env = dict(os.environ, DISTCC_IO_TIMEOUT="2")
    d = daemontest.our_daemon_for(scratch, jobs=2, env=env, extra_args=["--request-timeout", "12", "--min-rate", "200"])
    stalled = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    trickler = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    patient = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    expected = ["sent nothing for 2 s; closing", "sends slower than 200 bytes/s; closing",
                "did not complete its request in 12 s; closing"]
    try:
        stalled.sendall(wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV) + b"DOTI00000100int")
        trickler.sendall(wire.packet("DIST", value=1) + wire.argv_packets(GOOD_ARGV) + b"DOTI00001000")
        # The trickler keeps within the idle timeout but far below --min-rate; the
        # patient client sends a whole packet every second, until --request-timeout.
        start = time.monotonic()
        patient.sendall(wire.packet("DIST", value=1) + wire.packet("ARGC", value=1000))
        while time.monotonic() - start < 30 and not all(e in d.log_text() for e in expected):
            for s, data in ((trickler, b"x"), (patient, wire.packet("ARGV", "-g"))):
                try:
                    s.send(data)
                except OSError:
                    pass
            time.sleep(1)
        log = d.log_text()
        for e in expected:
            assert e in log, log
        assert 9 < time.monotonic() - start < 20
        for s in (stalled, trickler, patient):
            s.settimeout(5)
            assert s.recv(100) == b"", "closed without a reply"
        compile_once(d.port)
        assert [s["category"] for s in d.summaries()] == ["COMPILE_OK"], "the stalled clients made no job"
        assert daemontest.job_leftovers(d) == []
    finally:
        for s in (stalled, trickler, patient):
            s.close()
        d.stop()


def lzo_zero_bomb(plain_size):
    """An LZO1X stream of about plain_size / 255 bytes that decompresses to
    `plain_size` zero bytes: one literal, then matches at distance 1 whose lengths
    use the zero-run escape."""
    out = bytearray(b"\x12\x00")  # a literal run of one byte (0)
    left = plain_size - 1
    while left > 0:
        zeros = min(left // 255, 1_000_000)
        if zeros < 1:
            break
        length = 255 * zeros + 33 + 255
        if length > left:
            zeros -= 2
            length = 255 * zeros + 33 + 255
        out += b"\x20" + b"\x00" * zeros + b"\xff" + b"\x00\x00"
        left -= length
    return bytes(out + b"\x11\x00\x00")


def worker_peaks(daemon):
    return {pid: vm_kib(pid, "VmHWM") for pid in daemontest.children_of(daemon.proc.pid)}


def test_lzo_bomb_costs_bounded_memory(scratch):
    cap = 200 << 20
    d = daemontest.our_daemon_for(scratch, jobs=2, extra_args=["--max-item-size", str(cap)])
    try:
        daemontest.wait_for_workers(d, 2)
        bomb = lzo_zero_bomb(cap + (100 << 20))
        assert len(bomb) < 2 << 20
        data = wire.packet("DIST", value=2) + wire.argv_packets(GOOD_ARGV) + wire.packet("DOTI", bomb)
        assert wire.exchange(d.port, data, timeout=60) == b"", "refused"
        daemontest.wait_for_log(d, "decompresses to more than the limit")
        peaks = worker_peaks(d)
        assert max(peaks.values()) < 48 * 1024, f"worker peak memory (KiB): {peaks}"
        assert daemontest.job_leftovers(d) == []
        # A legitimate source larger than the decoder's window still compiles.
        big = SOURCE + b"/*" + b"x" * (5 << 20) + b"*/\n"
        reply = wire.compile_remote(d.port, GOOD_ARGV, big, version=2, timeout=60)
        assert reply.status == 0, reply
        peaks = worker_peaks(d)
        assert max(peaks.values()) < 48 * 1024, f"worker peak memory (KiB): {peaks}"
    finally:
        d.stop()


def test_newline_in_compiler_name_cannot_forge_a_log_line(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=2)
    try:
        forged = "gcc\ndistccd[1] (dcc_job_summary) client: 6.6.6.6:1 COMPILE_OK\r\x1b[2J"
        data = wire.request([forged, "-c", "x.c", "-o", "x.o"])
        assert wire.exchange(d.port, data, timeout=30) == b""
        daemontest.wait_for_log(d, "refused job from")
        log = d.log_text()
        assert "6.6.6.6" in log
        for line in log.splitlines():
            assert not line.startswith("distccd[1]"), line
            assert "\x1b" not in line and "\r" not in line, repr(line)
        assert "gcc\\ndistccd[1] (dcc_job_summary) client: 6.6.6.6:1 COMPILE_OK\\r\\x1b[2J" in log
        compile_once(d.port)
    finally:
        d.stop()
