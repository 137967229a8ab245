"""Our distccd's process model (issue 4): --jobs never exceeded under many clients,
a client SIGKILLed mid-job, SIGTERM with jobs in flight, --job-lifetime, detaching
with a pid file, SIGHUP reopening the log, dropping root, inetd mode without the
one-second polling of 3.4, the statistics port, and the command line's exit codes.
Fake compilers (shell scripts whitelisted through DISTCC_CMDLIST) make the timing
deterministic."""
import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from dcctest import daemons, daemontest, paths, procs, wire
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")


@pytest.fixture
def shared(scratch):
    """A directory every user can write (the daemon may run as nobody)."""
    return daemontest.world_writable_dir(os.path.join(scratch, "shared"))


def fake(scratch, name, body):
    return daemontest.fake_compiler(os.path.join(scratch, "bin"), name, body)


def start(scratch, programs, jobs=2, extra_args=(), log_level="info"):
    # --sandbox=off: these fake compilers report to `shared` and their pids are
    # watched from outside, which the sandbox forbids by design; its own process
    # model is test_daemon_sandbox.py's.
    env = daemontest.cmdlist_env(scratch, programs)
    return daemontest.our_daemon_for(scratch, jobs=jobs, env=env, extra_args=["--sandbox=off", *extra_args],
                                     log_level=log_level)


def slow_job_body(shared, seconds):
    return (f'echo "start $(date +%s%N)" >> {shared}/intervals\n'
            f'echo $$ >> {shared}/pids\n'
            f'sleep {seconds}\n'
            f'echo "end $(date +%s%N)" >> {shared}/intervals\n')


def inetd_job(scratch, options):
    """One job of a quick fake compiler through `distccd --inetd <options>` on a socket
    pair: (reply, the daemon's stderr, seconds until the reply, the job TMPDIR)."""
    quick = fake(scratch, "quickcc", "")
    env = daemontest.cmdlist_env(scratch, [quick])
    env["TMPDIR"] = daemontest.world_writable_dir(os.path.join(scratch, "inetd-tmp"))
    ours, theirs = socket.socketpair()
    with ours, theirs:
        proc = subprocess.Popen([paths.OUR_DISTCCD, "--inetd", *options], stdin=theirs, stdout=theirs,
                                stderr=subprocess.PIPE, env=env)
        theirs.close()
        start_time = time.monotonic()
        ours.sendall(wire.request(["quickcc", "-c", "x.c", "-o", "x.o"], b"int z;\n"))
        reply = wire.parse_reply(wire.read_all(ours, 30))
        seconds = time.monotonic() - start_time
        assert proc.wait(10) == 0
        err = proc.stderr.read().decode()
        proc.stderr.close()
    return reply, err, seconds, env["TMPDIR"]


def run_wire_jobs(port, argv, count):
    results = [None] * count

    def one(i):
        try:
            results[i] = wire.compile_remote(port, argv, f"int v{i};\n".encode(), timeout=120)
        except Exception as e:  # reported below
            results[i] = e
    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return results


def test_jobs_limit_holds_under_twenty_clients(scratch, shared):
    slowcc = fake(scratch, "slowcc", slow_job_body(shared, 0.3))
    d = start(scratch, [slowcc], jobs=2)
    try:
        results = run_wire_jobs(d.port, ["slowcc", "-c", "x.c", "-o", "x.o"], 20)
        assert all(isinstance(r, wire.Reply) and r.status == 0 for r in results), results
        assert daemontest.max_concurrency(os.path.join(shared, "intervals")) == 2
        summaries = daemontest.wait_for_summaries(d, 20)
        assert [s["category"] for s in summaries] == ["COMPILE_OK"] * 20
        assert daemontest.job_leftovers(d) == []
        assert len(os.listdir(d.tmpdir)) <= 2, "one work directory per worker"
        assert daemontest.stopped_clean(d) == []
    finally:
        d.stop()


def wait_for_pid_file_lines(path, count, timeout=10):
    def lines():
        text = daemontest.read_text(path)
        return text.split() if len(text.split()) >= count else None
    return [int(p) for p in procs.wait_until(lines, timeout, what=f"{count} compiler pids in {path}")]


def test_client_sigkilled_mid_job_kills_the_compiler(scratch, shared):
    hangcc = fake(scratch, "hangcc", slow_job_body(shared, 60))
    okcc = fake(scratch, "okcc", "")
    d = start(scratch, [hangcc, okcc])
    try:
        with open(os.path.join(scratch, "x.c"), "w") as f:
            f.write("int x;\n")
        env = clean_client_env(scratch, hosts=d.host_spec(), PATH=f"{os.path.dirname(hangcc)}:{os.environ['PATH']}")
        client = subprocess.Popen([paths.DEBIAN_DISTCC, "hangcc", "-c", "x.c", "-o", "x.o"], cwd=scratch, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        compiler = wait_for_pid_file_lines(os.path.join(shared, "pids"), 1)[0]
        killed_at = time.monotonic()
        client.kill()
        client.wait(10)
        daemontest.wait_gone(compiler, timeout=5)
        assert time.monotonic() - killed_at < 1.5, "the compiler dies within about a second"
        summary = daemontest.wait_for_summaries(d, 1)[0]
        assert summary["category"] == "CLI_DISCONN"
        assert "Client fd disconnected, killing job" in d.log_text()
        procs.wait_until(lambda: daemontest.job_leftovers(d) == [], 5, what="the job directory to go")
        reply = wire.compile_remote(d.port, ["okcc", "-c", "y.c", "-o", "y.o"], b"int y;\n", timeout=30)
        assert reply.status == 0 and reply.doto == b"int y;\n", "still serving"
    finally:
        d.stop()


def test_sigterm_with_jobs_in_flight_stops_everything(scratch, shared):
    hangcc = fake(scratch, "hangcc", slow_job_body(shared, 60))
    pid_file = os.path.join(shared, "distccd.pid")
    d = start(scratch, [hangcc], extra_args=["--pid-file", pid_file])
    try:
        main_pid = d.proc.pid
        workers = daemontest.wait_for_workers(d, 2)
        assert len(workers) == 2
        clients = [threading.Thread(target=lambda: wire.exchange(d.port, wire.request(
            ["hangcc", "-c", "x.c", "-o", "x.o"]), timeout=60)) for _ in range(2)]
        for t in clients:
            t.start()
        compilers = wait_for_pid_file_lines(os.path.join(shared, "pids"), 2)
        procs.wait_until(lambda: len(os.listdir(d.tmpdir)) == 2, 5, what="two job directories")
        os.kill(main_pid, signal.SIGTERM)
        d.proc.wait(10)
        for pid in workers + compilers:
            daemontest.wait_gone(pid, timeout=5)
        for t in clients:
            t.join(30)
        assert os.listdir(d.tmpdir) == [], "every worker removed its work directory"
        assert not os.path.exists(pid_file)
    finally:
        d.stop()


def test_job_lifetime_kills_the_compiler_and_reports_118(scratch, shared):
    hangcc = fake(scratch, "hangcc", slow_job_body(shared, 60))
    d = start(scratch, [hangcc], extra_args=["--job-lifetime", "1"])
    try:
        reply, seconds = daemontest.elapsed(
            lambda: wire.compile_remote(d.port, ["hangcc", "-c", "x.c", "-o", "x.o"], timeout=30))
        assert reply.status == 118 << 8
        assert b"Compilation takes too long, timeout." in reply.serr
        assert seconds < 5
        compiler = wait_for_pid_file_lines(os.path.join(shared, "pids"), 1)[0]
        daemontest.wait_gone(compiler, timeout=5)
        assert daemontest.wait_for_summaries(d, 1)[0]["category"] == "COMPILE_TIMEOUT"
        assert daemontest.job_leftovers(d) == []
    finally:
        d.stop()


def test_no_zombies_and_no_descriptor_leaks(scratch, shared):
    okcc = fake(scratch, "okcc", "")
    failcc = fake(scratch, "failcc", "echo broken >&2; exit 2")
    d = start(scratch, [okcc, failcc], jobs=1)
    try:
        def one_round():
            assert wire.compile_remote(d.port, ["okcc", "-c", "x.c", "-o", "x.o"]).status == 0
            assert wire.compile_remote(d.port, ["failcc", "-c", "x.c", "-o", "x.o"]).status == 2 << 8
            assert wire.exchange(d.port, wire.request(["sh", "-c", "x.c"])) == b""
            assert wire.exchange(d.port, b"garbage!garbage!") == b""
        one_round()
        worker = daemontest.wait_for_workers(d, 1)[0]
        fds = daemontest.fd_count(worker)
        main_fds = daemontest.fd_count(d.proc.pid)
        for _ in range(5):
            one_round()
        assert daemontest.fd_count(worker) == fds
        assert daemontest.fd_count(d.proc.pid) == main_fds
        everything = [d.proc.pid] + daemontest.children_of(d.proc.pid)
        grandchildren = [c for p in everything for c in daemontest.children_of(p)]
        assert [p for p in everything + grandchildren if daemontest.state_of(p) == "Z"] == []
        assert daemontest.job_leftovers(d) == []
        assert daemontest.stopped_clean(d) == []
    finally:
        d.stop()


def test_daemon_mode_detaches_and_writes_the_pid_file(scratch, shared):
    pid_file = os.path.join(shared, "d.pid")
    log = os.path.join(shared, "d.log")
    port = procs.free_port()
    argv = [paths.OUR_DISTCCD, "--daemon", "--port", str(port), "--listen", "127.0.0.1", "--allow", "127.0.0.1",
            "--pid-file", pid_file, "--log-file", log, "--jobs", "1"]
    daemons.world_writable_file(log)
    r = procs.run(argv, timeout=30, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    pid = procs.read_pid_file(pid_file)  # exists when the start command returns
    try:
        assert procs.pid_alive(pid)
        assert os.getsid(pid) == pid, "the daemon leads a new session"
        procs.wait_for_port(port)
        assert wire.compile_remote(port, ["gcc", "-c", "x.c", "-o", "x.o"]).status == 0
    finally:
        os.kill(pid, signal.SIGTERM)
    procs.wait_until(lambda: not procs.pid_alive(pid), 10, what="the detached daemon to stop")
    assert not os.path.exists(pid_file)


def test_sighup_reopens_the_log_file(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=1)
    try:
        assert wire.compile_remote(d.port, ["gcc", "-c", "x.c", "-o", "x.o"]).status == 0
        daemontest.wait_for_summaries(d, 1)
        os.rename(d.log_path, d.log_path + ".1")
        daemons.world_writable_file(d.log_path)
        os.kill(d.proc.pid, signal.SIGHUP)
        daemontest.wait_for_log(d, "log file reopened")
        assert wire.compile_remote(d.port, ["gcc", "-c", "x.c", "-o", "x.o"]).status == 0
        assert len(daemontest.wait_for_summaries(d, 1)) == 1, "the new file gets the new job"
        assert d.proc.poll() is None, "SIGHUP does not stop the daemon"
    finally:
        d.stop()


@pytest.mark.needs_root
def test_root_daemon_drops_privileges_before_work(scratch, shared):
    whoami = fake(scratch, "whoamicc", f"id -u > {shared}/uid")
    d = start(scratch, [whoami])
    try:
        workers = daemontest.wait_for_workers(d, 2)
        assert all(daemontest.uid_of(p) != 0 for p in [d.proc.pid] + workers)
        assert wire.compile_remote(d.port, ["whoamicc", "-c", "x.c", "-o", "x.o"]).status == 0
        assert daemontest.read_text(os.path.join(shared, "uid")).strip() not in ("", "0")
    finally:
        d.stop()


def test_inetd_mode_answers_as_soon_as_the_compiler_exits(scratch):
    reply, err, seconds, tmpdir = inetd_job(scratch, ["--log-stderr"])
    assert reply.status == 0 and reply.doto == b"int z;\n", err
    assert seconds < 0.8, f"{seconds:.2f}s: no one-second polling (3.4 takes over 1 s)"
    assert "UNIX-DOMAIN" in err and "COMPILE_OK" in err
    assert os.listdir(tmpdir) == []


def test_inetd_mode_over_a_pipe_and_with_garbage(scratch):
    r = procs.run([paths.OUR_DISTCCD, "--inetd", "--log-stderr"], input="GET / HTTP/1.0\r\n\r\n", timeout=30)
    assert r.stdout == ""
    assert r.returncode == 109
    assert "NOTSOCKET REJ_BAD_REQ" in r.stderr
    r = procs.run([paths.OUR_DISTCCD, "--inetd", "--log-stderr"], input="", timeout=30)
    assert r.returncode == 108


def http_get(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        return wire.read_all(s, 10).decode()


def test_stats_port_reports_jobs(scratch):
    stats_port = procs.free_port()
    d = daemontest.our_daemon_for(scratch, jobs=3, extra_args=["--stats", "--stats-port", str(stats_port)])
    try:
        def accepted():
            return int(http_get(stats_port).split("dcc_tcp_accept ")[1].split()[0])
        before = accepted()  # counts the harness's start-up probe too, as upstream counts every accept
        assert wire.compile_remote(d.port, ["gcc", "-c", "x.c", "-o", "x.o"]).status == 0
        assert wire.exchange(d.port, b"junkjunkjunk") == b""
        # Workers report to the main process after logging; wait for both reports.
        def both_reported():
            t = http_get(stats_port)
            return t if "dcc_rej_bad_req 1\n" in t and "dcc_compile_ok 1\n" in t else None
        text = procs.wait_until(both_reported, 10, what="both jobs in the statistics")
        assert text.startswith("HTTP/1.0 200 OK\nContent-Type: text/plain\nConnection: close\n\nargv /distccd\n")
        fields = dict(line.split(" ", 1) for line in text.splitlines()
                      if line.startswith("dcc_"))
        # Our two connections, and perhaps the harness's start-up probe if the kernel
        # handed it over late (TCP_DEFER_ACCEPT holds connections that send nothing).
        assert before + 2 <= int(fields["dcc_tcp_accept"]) <= before + 3
        assert fields["dcc_compile_ok"] == "1"
        assert fields["dcc_rej_bad_req"] == "1"
        assert fields["dcc_max_kids"] == "3"
        assert fields["dcc_longest_job"] == "x.c"
        assert fields["dcc_longest_job_compiler"] == "gcc"
        assert fields["dcc_free_space"].endswith(" MB")
        assert list(fields)[-1] == "dcc_free_mem"
        assert text.rstrip().endswith("</distccstats>")
    finally:
        d.stop()


@pytest.mark.parametrize("args,code,message", [
    (["--bogus"], 101, "distccd: ERROR: --bogus: unknown option"),
    (["--jobs", "0"], 101, "--jobs argument must be between 1 and 4096"),
    (["--port", "70000"], 101, "port number out of range: 70000"),
    (["--allow", "1.2.3.4/40"], 101, 'invalid mask "40"'),
    (["--jobs", "abc"], 101, "invalid numeric value"),
])
def test_bad_options_exit_101(args, code, message):
    r = procs.run([paths.OUR_DISTCCD, *args], timeout=30, stdin=subprocess.DEVNULL)
    assert r.returncode == code
    assert message in r.stderr


def test_help_and_version():
    r = procs.run([paths.OUR_DISTCCD, "--version"], timeout=30)
    assert r.returncode == 0 and r.stdout.startswith("distccd 3.4 ")
    r = procs.run([paths.OUR_DISTCCD, "--help"], timeout=30)
    assert r.returncode == 0 and "Usage:" in r.stdout and "--allow IP[/BITS]" in r.stdout


def test_bind_failure_is_102(scratch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = procs.run([paths.OUR_DISTCCD, "--daemon", "--no-detach", "--log-stderr", "--listen", "127.0.0.1",
                       "--port", str(port), "--allow", "127.0.0.1"], timeout=30, stdin=subprocess.DEVNULL)
    assert r.returncode == 102
    assert f"bind of 127.0.0.1:{port} failed" in r.stderr


def test_oom_score_adj_applies_to_every_worker(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=2, extra_args=["--oom-score-adj", "500"])
    try:
        for pid in daemontest.wait_for_workers(d, 2):
            procs.wait_until(lambda: daemontest.read_text(f"/proc/{pid}/oom_score_adj").strip() == "500", 5,
                             what=f"oom_score_adj of worker {pid}")
    finally:
        d.stop()


def test_inetd_mode_as_root_writes_nothing_to_stderr(scratch):
    """Over ssh, stderr travels back to the client beside the compiler's messages."""
    reply, err, _, _ = inetd_job(scratch, ["--enable-tcp-insecure"])
    assert reply.status == 0
    assert err == ""
