"""The client's load-aware host choice (doc/client.md §8.1 and §8.2) and the daemon's
load report (doc/daemon.md §13.2), with real daemons on loopback addresses sharing
one statistics port: `GET /load` answers; a host that another tenant (its own
DISTCC_DIR, so no shared lock tells) keeps full is avoided while DISTCC_LOAD_AWARE=0
(3.4's list order) still sends the job there; every client of the machine shares
what it saw in $DISTCC_DIR/hostload; and a distcc 3.4 daemon, which publishes
nothing, is still used and judged by observation alone."""
import os
import socket
import subprocess
import time

import pytest

from dcctest import daemons, daemontest, paths, procs, wire
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distccd") or not paths.ours("distcc"),
                                reason="our distcc and distccd have not been built")

TENANT_SECONDS = 4


def load_of(address, stats_port):
    with socket.create_connection((address, stats_port), timeout=5) as s:
        s.sendall(b"GET /load HTTP/1.0\r\n\r\n")
        reply = wire.read_all(s, 5).decode()
    head, _, body = reply.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.0 200 OK"), reply
    fields = body.split()
    assert fields[:2] == ["distccd-load", "1"], body
    return {k: float(v) for k, v in (f.split("=", 1) for f in fields[2:])}


def start(scratch, binary, address, stats_port, env, name):
    extra = [] if binary == paths.DEBIAN_DISTCCD else ["--sandbox=off", "--stats", "--stats-port", str(stats_port)]
    return daemons.Daemon(binary, scratch, listen=address, allow=("127.0.0.0/8",), jobs=1, env=env, name=name,
                          port=procs.free_port(address), extra_args=extra).start()


def compile_with(scratch, env, compiler, name):
    src = os.path.join(scratch, name + ".c")
    with open(src, "w") as f:
        f.write(f"int {name};\n")
    return subprocess.Popen([paths.OUR_DISTCC, compiler, "-c", src, "-o", os.path.join(scratch, name + ".o")],
                            cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def jobs_of(daemon, compiler):
    return [s for s in daemon.summaries() if s.get("compiler") == compiler and s["category"] == "COMPILE_OK"]


def test_choice_follows_load(scratch):
    bindir = os.path.join(scratch, "bin")
    slowcc = daemontest.fake_compiler(bindir, "slowcc", f"sleep {TENANT_SECONDS}")
    quickcc = daemontest.fake_compiler(bindir, "quickcc", "")
    daemon_env = daemontest.cmdlist_env(scratch, [slowcc, quickcc])
    client_path = f"{bindir}:{os.environ['PATH']}"
    stats_port = procs.free_port("127.0.0.2")
    busy = start(scratch, paths.OUR_DISTCCD, "127.0.0.2", stats_port, daemon_env, "busy")
    idle = start(scratch, paths.OUR_DISTCCD, "127.0.0.3", stats_port, daemon_env, "idle")
    tenant = None
    try:
        load = load_of("127.0.0.2", stats_port)
        assert (load["port"], load["slots"], load["running"], load["queued"]) == (busy.port, 1, 0, 0)
        assert load["cpus"] >= 1

        # Another tenant, from its own DISTCC_DIR, keeps the first host's only slot.
        tenant_env = clean_client_env(os.path.join(scratch, "tenant"), hosts=busy.host_spec("/1"), PATH=client_path)
        tenant = compile_with(scratch, tenant_env, "slowcc", "tenant")
        procs.wait_until(lambda: load_of("127.0.0.2", stats_port)["running"] == 1, 10, what="the tenant's job")
        started = time.monotonic()

        hosts = f"{busy.host_spec('/1')} {idle.host_spec('/1')}"
        env = clean_client_env(os.path.join(scratch, "ours"), hosts=hosts, PATH=client_path,
                               DISTCC_LOAD_PORT=stats_port)
        for i in range(3):
            out, _ = compile_with(scratch, env, "quickcc", f"ours{i}").communicate(timeout=30)
            assert out == b"", out
        assert time.monotonic() - started < TENANT_SECONDS, "ours waited for the tenant"
        assert len(idle.summaries_in("COMPILE_OK", expected=3)) == 3
        assert jobs_of(busy, "quickcc") == [], "the busy host got none of ours"
        record = open(os.path.join(env["DISTCC_DIR"], "hostload", f"tcp_127.0.0.3_{idle.port}")).read()
        assert record.startswith("hl2 ") and record.endswith("\n") and len(record) <= 192, record

        # Control: 3.4's list order sends the job to the busy host (where it queues).
        plain = clean_client_env(os.path.join(scratch, "plain"), hosts=hosts, PATH=client_path,
                                 DISTCC_LOAD_PORT=stats_port, DISTCC_LOAD_AWARE=0)
        out, _ = compile_with(scratch, plain, "quickcc", "plain").communicate(timeout=30)
        assert out == b"", out
        assert len(busy.summaries_in("COMPILE_OK", expected=2)) == 2, "the tenant's job and the list-order one"
        assert tenant.wait(30) == 0
        tenant = None
    finally:
        if tenant is not None:
            tenant.kill()
            tenant.wait()
        busy.stop()
        idle.stop()


@pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed")
def test_a_34_daemon_is_used_by_observation(scratch):
    bindir = os.path.join(scratch, "bin")
    quickcc = daemontest.fake_compiler(bindir, "quickcc", "sleep 0.2")
    daemon_env = daemontest.cmdlist_env(scratch, [quickcc])
    stats_port = procs.free_port("127.0.0.4")
    old = start(scratch, paths.DEBIAN_DISTCCD, "127.0.0.4", stats_port, daemon_env, "old")
    try:
        env = clean_client_env(scratch, hosts=old.host_spec("/2"), PATH=f"{bindir}:{os.environ['PATH']}",
                               DISTCC_LOAD_PORT=old.port)  # asks the job port: no load report there
        for i in range(2):
            out, _ = compile_with(scratch, env, "quickcc", f"old{i}").communicate(timeout=30)
            assert out == b"", out
        record = open(os.path.join(env["DISTCC_DIR"], "hostload", f"tcp_127.0.0.4_{old.port}")).read().split()
        job_sec, weight, published = float(record[2]), float(record[3]), record[6]
        assert 0.2 <= job_sec < 5 and weight > 1.5, record
        assert published == "0", "a 3.4 daemon publishes nothing"
    finally:
        old.stop()
