"""The client's failure policy (doc/client.md §11): every way a remote compile can
fail ends in a correct object, with exactly one warning that names the reason, the
host backed off, another host tried first, and DISTCC_FALLBACK=0 /
DISTCC_SKIP_LOCAL_RETRY honoured.  Daemons are Debian's distccd 3.4, plus small fake
servers for the silent and the hang-up cases."""
import os
import signal
import subprocess
import time

import pytest

from dcctest import daemons, gentree, paths, procs
from dcctest.clientrun import ClosingServer, SilentServer, distcc, distcc_lines, local_object, read, write
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built")

SOURCE = "int cube(int x) { return x * x * x; }\n"
COMPILE = ["gcc", "-O2", "-g", "-c", "job.c", "-o", "job.o"]


@pytest.fixture
def job(scratch):
    write(os.path.join(scratch, "job.c"), SOURCE)
    local_object(["gcc", "-O2", "-g", "-c", "job.c", "-o", "local.o"], scratch)
    return scratch


def object_is_correct(directory, name="job.o", reference="local.o"):
    return read(os.path.join(directory, name)) == read(os.path.join(directory, reference))


def one_warning(stderr, *phrases):
    lines = distcc_lines(stderr)
    assert len(lines) == 1, stderr
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    return lines[0]


def backoff_files(env):
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    return sorted(n for n in os.listdir(lock_dir) if n.startswith("backoff_")) if os.path.isdir(lock_dir) else []


def test_no_daemon_falls_back_with_one_warning_and_backs_off(job):
    port = procs.free_port()
    env = clean_client_env(job, hosts=f"127.0.0.1:{port}")
    r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, f"failed to distribute job.c to 127.0.0.1:{port}, running locally instead",
                "Connection refused")
    assert object_is_correct(job)
    assert backoff_files(env) == [f"backoff_tcp_127.0.0.1_{port}_0"]
    # While backed off the host is not even tried.
    again = distcc(COMPILE, env, job)
    assert again.returncode == 0
    one_warning(again.stderr, "failed to distribute, running locally instead", "backoff")


def test_fallback_disabled_exits_with_connect_failed(job):
    os.remove(os.path.join(job, "local.o"))
    env = clean_client_env(job, hosts=f"127.0.0.1:{procs.free_port()}", DISTCC_FALLBACK="0")
    r = distcc(COMPILE, env, job)
    assert r.returncode == 103, r.stderr
    assert "failed to distribute and fallbacks are disabled" in r.stderr
    assert not os.path.exists(os.path.join(job, "job.o"))
    no_hosts = distcc(COMPILE, clean_client_env(job, hosts="", DISTCC_FALLBACK="0"), job)
    assert no_hosts.returncode == 116, no_hosts.stderr


def test_backoff_disabled_gives_up_after_three_attempts(job):
    dead = [procs.free_port() for _ in range(4)]
    hosts = " ".join(f"127.0.0.1:{p}" for p in dead)
    env = clean_client_env(job, hosts=hosts, DISTCC_BACKOFF_PERIOD="0")
    r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, "couldn't find a host in 3 attempts")
    assert backoff_files(env) == [], "backoff disabled: no marks"
    assert object_is_correct(job)


def test_another_host_is_tried_before_compiling_locally(job, debian_daemon):
    dead = procs.free_port()
    env = clean_client_env(job, hosts=f"127.0.0.1:{dead} {debian_daemon.host_spec()}")
    r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == [], "the job ran remotely after all"
    assert len(debian_daemon.summaries_in()) == 1
    assert object_is_correct(job)
    assert backoff_files(env) == [f"backoff_tcp_127.0.0.1_{dead}_0"]


def test_refusing_daemon(job, scratch):
    """A daemon whose access list excludes us closes without a byte."""
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    with daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, allow=("10.77.0.0/16",), name="refusing") as d:
        env = clean_client_env(job, hosts=d.host_spec())
        r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, "failed to distribute job.c", "server provided no answer")
    assert object_is_correct(job)
    assert len(backoff_files(env)) == 1


def test_server_that_hangs_up(job):
    with ClosingServer() as server:
        env = clean_client_env(job, hosts=server.host_spec())
        r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, "failed to distribute job.c")
    assert object_is_correct(job)


def test_server_that_never_answers_times_out(job):
    with SilentServer() as server:
        env = clean_client_env(job, hosts=server.host_spec(), DISTCC_IO_TIMEOUT="2")
        start = time.monotonic()
        r = distcc(COMPILE, env, job, timeout=60)
        elapsed = time.monotonic() - start
    assert server.connections == 1, r.stderr
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, "failed to distribute job.c", "no reply from the server")
    assert object_is_correct(job)
    assert 1.5 < elapsed < 30, elapsed
    assert b"DIST00000001" in bytes(server.received), ("the request was sent before the wait", server.received)


def test_bad_io_timeout_value(job, debian_daemon):
    env = clean_client_env(job, hosts=debian_daemon.host_spec(), DISTCC_IO_TIMEOUT="soon")
    r = distcc(COMPILE, env, job)
    assert r.returncode == 101
    assert "Bad DISTCC_IO_TIMEOUT value" in r.stderr


def test_daemon_killed_mid_job(scratch):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    write(os.path.join(scratch, "slow.c"), gentree.unit_source(7, 120))
    local_object(["gcc", "-O2", "-g", "-c", "slow.c", "-o", "local.o"], scratch)
    daemon = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, name="victim").start()
    try:
        env = clean_client_env(scratch, hosts=daemon.host_spec())
        client = subprocess.Popen([paths.OUR_DISTCC, "gcc", "-O2", "-g", "-c", "slow.c", "-o", "slow.o"],
                                  cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The daemon stores the received .i in its TMPDIR: then the compiler is running.
        procs.wait_until(lambda: any(n.endswith(".i") for n in daemon.leftover_temp_files()), 30,
                         what="the daemon to receive the job")
        os.killpg(daemon.proc.pid, signal.SIGKILL)  # the daemon we started, and its children
        out, err = client.communicate(timeout=120)
    finally:
        daemon.stop()
    assert client.returncode == 0, err
    one_warning(err, "failed to distribute slow.c")
    assert object_is_correct(scratch, "slow.o")


def test_remote_compile_error_is_shown_once(scratch, debian_daemon):
    write(os.path.join(scratch, "bad.c"), "int f(void) { return nope; }\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-c", "bad.c", "-o", "bad.o"], env, scratch)
    assert r.returncode == 1
    assert r.stderr.count("'nope' undeclared") + r.stderr.count("\u2018nope\u2019 undeclared") == 1, r.stderr
    assert "remote compilation of 'bad.c' failed, retrying locally" in r.stderr
    assert backoff_files(env) == [], "the local compile failed the same way: the host is not blamed"


def test_skip_local_retry_shows_the_server_diagnostics(scratch, debian_daemon):
    write(os.path.join(scratch, "bad.c"), "int f(void) { return nope; }\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), DISTCC_SKIP_LOCAL_RETRY="1")
    r = distcc(["gcc", "-c", "bad.c", "-o", "bad.o"], env, scratch)
    assert r.returncode == 1
    assert r.stderr.count("nope") >= 1 and "undeclared" in r.stderr
    assert "retrying locally" not in r.stderr
    assert len(debian_daemon.summaries_in("COMPILE_ERROR")) == 1


def test_fallback_disabled_passes_the_remote_failure_through(scratch, debian_daemon):
    write(os.path.join(scratch, "bad.c"), "int f(void) { return nope; }\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), DISTCC_FALLBACK="0")
    r = distcc(["gcc", "-c", "bad.c", "-o", "bad.o"], env, scratch)
    assert r.returncode == 1
    assert "undeclared" in r.stderr
    assert "fallbacks are disabled" in r.stderr


def test_preprocessor_failure_is_reported_once_without_a_remote_job(scratch, debian_daemon):
    write(os.path.join(scratch, "nohdr.c"), '#include "missing_header.h"\nint x;\n')
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-c", "nohdr.c", "-o", "nohdr.o"], env, scratch)
    assert r.returncode == 1
    assert r.stderr.count("fatal error: missing_header.h") == 1, r.stderr
    assert "running locally" not in r.stderr and "retrying" not in r.stderr
    time.sleep(0.3)
    assert [s for s in debian_daemon.summaries() if s["category"] != "OTHER"] == [], \
        "the daemon never saw a request"
    assert backoff_files(env) == []


def test_unwritable_output_is_not_the_hosts_fault(scratch, debian_daemon):
    write(os.path.join(scratch, "job.c"), SOURCE)
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-c", "job.c", "-o", "no/such/dir/job.o"], env, scratch)
    # Like a local gcc: the output directory is not created for the user.
    assert r.returncode == 1
    assert not os.path.exists(os.path.join(scratch, "no"))
    assert backoff_files(env) == []


def test_objects_are_replaced_atomically(job, debian_daemon):
    """A reader never sees a half-written object: the client writes a temp file and
    renames it (the old object stays intact until the new one is complete)."""
    target = os.path.join(job, "job.o")
    write(target, "old object")
    before = os.stat(target).st_ino
    env = clean_client_env(job, hosts=debian_daemon.host_spec())
    r = distcc(COMPILE, env, job)
    assert r.returncode == 0, r.stderr
    assert object_is_correct(job)
    assert os.stat(target).st_ino != before, "replaced by rename, not rewritten in place"
    assert [n for n in os.listdir(job) if ".tmp-" in n] == []


def test_connect_timeout_is_four_seconds(job):
    """A listener whose accept queue is full drops our SYN: the connect times out after
    4 s (doc/protocol.md §12) and the job compiles locally."""
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            fillers.append(s)
        time.sleep(0.2)
        env = clean_client_env(job, hosts=f"127.0.0.1:{port}")
        start = time.monotonic()
        r = distcc(COMPILE, env, job)
        elapsed = time.monotonic() - start
    finally:
        for s in fillers:
            s.close()
        listener.close()
    assert r.returncode == 0, r.stderr
    one_warning(r.stderr, "timeout while connecting to 127.0.0.1:")
    assert 3.5 < elapsed < 30, elapsed
    assert object_is_correct(job)
