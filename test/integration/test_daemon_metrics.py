"""distccd's Prometheus metrics on the statistics port (doc/daemon.md §13.1): real
compiles through our client (one good, one failing) and refused requests (a plugin,
a compiler off the whitelist, junk, a peer outside --allow), then `GET /metrics`
checked with `promtool check metrics` and parsed with prometheus_client's parser,
its counts against the jobs run; the bytes counted against the bytes on the wire;
and distcc 3.4's page still answered for every other request, line for line as
Debian's distccd 3.4 answers."""
import os
import socket
import subprocess

import pytest

from dcctest import daemons, paths, procs, wire
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")

GET_METRICS = b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n"
REFUSED_ARGVS = [["gcc", "-fplugin=/tmp/x.so", "-c", "x.c", "-o", "x.o"],  # rule plugin
                 ["no-such-compiler", "-c", "x.c", "-o", "x.o"]]       # rule whitelist
JOB_COUNTERS = ["compile_ok", "compile_error", "compile_timeout", "cli_disconnect", "rej_bad_req",
                "rej_overload", "other"]


def stats_daemon(scratch, binary=paths.OUR_DISTCCD, name="our-distccd", env=None):
    stats_port = procs.free_port()
    d = daemons.Daemon(binary, scratch, jobs=2, name=name, env=env,
                       extra_args=["--stats", "--stats-port", str(stats_port)]).start()
    d.stats_port = stats_port
    return d


def ask(port, request, shutdown_write=False):
    """The statistics port's whole reply to `request` (b"": send nothing at all)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        if request:
            s.sendall(request)
        if shutdown_write:
            s.shutdown(socket.SHUT_WR)
        return wire.read_all(s, 10).decode()


def exposition(port):
    reply = ask(port, GET_METRICS)
    head, _, body = reply.partition("\r\n\r\n")
    lines = head.split("\r\n")
    assert lines[0] == "HTTP/1.0 200 OK", reply[:200]
    assert "Content-Type: text/plain; version=0.0.4; charset=utf-8" in lines
    assert f"Content-Length: {len(body.encode())}" in lines
    return body


def samples(text):
    """{(name, frozenset(labels)): value} through prometheus_client's parser."""
    parser = pytest.importorskip("prometheus_client.parser",
                                 reason="python3-prometheus-client is not installed (test/install-deps.sh)")
    found = {}
    for family in parser.text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, frozenset(s.labels.items()))] = s.value
    return found


def value(found, name, **labels):
    return found[(name, frozenset(labels.items()))]


def wait_for_jobs(daemon, count):
    """The exposition once `count` jobs are counted (bounded wait)."""
    def counted():
        text = exposition(daemon.stats_port)
        return text if value(samples(text), "distccd_job_duration_seconds_count") >= count else None
    return procs.wait_until(counted, 10, what=f"{count} jobs in the metrics")


def client_compile(scratch, daemon, name, source):
    src = os.path.join(scratch, name)
    with open(src, "w") as f:
        f.write(source)
    env = clean_client_env(scratch, hosts=daemon.host_spec())
    return procs.run([paths.OUR_DISTCC, "gcc", "-c", name, "-o", name + ".o"], cwd=scratch, env=env, timeout=120)


def refused(port, argv):
    with pytest.raises(EOFError):
        wire.compile_remote(port, argv)


def connect_from(address, port):
    """A connection from another loopback address (outside --allow 127.0.0.1)."""
    with socket.socket() as s:
        s.bind((address, 0))
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        s.sendall(wire.request(["gcc", "-c", "x.c", "-o", "x.o"]))
        return wire.read_all(s, 10)


@pytest.fixture
def worked_daemon(scratch):
    """Our daemon after two real compiles and five refusals, and its exposition."""
    if not paths.tool("gcc"):
        pytest.skip("gcc is not installed")
    d = stats_daemon(scratch)
    try:
        assert client_compile(scratch, d, "good.c", "int good(void) { return 1; }\n").returncode == 0
        assert client_compile(scratch, d, "bad.c", "int bad(void) { return ; }\nsyntax error\n").returncode != 0
        for argv in REFUSED_ARGVS:
            refused(d.port, argv)
        assert wire.exchange(d.port, b"junkjunkjunk") == b""
        assert connect_from("127.0.0.2", d.port) == b""
        # A worker replies, logs, then reports to the dispatcher: the client may be
        # done long before its job is counted.  Wait until all five jobs are.
        yield d, wait_for_jobs(d, 5)
    finally:
        d.stop()


def test_exposition_counts_the_jobs_run(worked_daemon):
    d, text = worked_daemon
    found = samples(text)
    summaries = d.summaries()
    by_category = {c: sum(1 for s in summaries if s["category"] == c)
                   for c in ("COMPILE_OK", "COMPILE_ERROR", "REJ_BAD_REQ", "OTHER")}
    assert by_category == {"COMPILE_OK": 1, "COMPILE_ERROR": 1, "REJ_BAD_REQ": 1, "OTHER": 2}
    assert value(found, "distccd_compile_ok_total") == 1
    assert value(found, "distccd_compile_error_total") == 1
    assert value(found, "distccd_rej_bad_req_total") == 1
    assert value(found, "distccd_other_total") == 2
    assert value(found, "distccd_compile_timeout_total") == 0
    # Six connections, perhaps the harness's start-up probe too.
    assert 6 <= value(found, "distccd_tcp_accept_total") <= 7
    good = next(s for s in summaries if s["category"] == "COMPILE_OK")
    assert value(found, "distccd_longest_job_info", input="good.c", compiler=good["compiler"]) == 1
    assert value(found, "distccd_longest_job_seconds") == int(good["ms"]) / 1000.0
    assert value(found, "distccd_max_kids") == 2
    # Every job with an outcome is one observation of each histogram.
    jobs = sum(value(found, f"distccd_{c}_total") for c in JOB_COUNTERS)
    assert jobs == 5
    for histogram in ("distccd_job_duration_seconds", "distccd_queue_wait_seconds",
                      "distccd_request_receive_seconds"):
        assert value(found, histogram + "_count") == jobs
        assert value(found, histogram + "_bucket", le="+Inf") == jobs
        assert value(found, histogram + "_sum") >= 0
    # The durations are the summary lines' times.
    total_ms = sum(int(s["ms"]) for s in summaries)
    assert abs(value(found, "distccd_job_duration_seconds_sum") - total_ms / 1000.0) < 1e-6
    fast = sum(1 for s in summaries if int(s["ms"]) <= 5)
    assert value(found, "distccd_job_duration_seconds_bucket", le="0.005") == fast
    # Refusals by the rule of the log line, and the dispatcher's own.
    assert value(found, "distccd_refusals_total", reason="plugin") == 1
    assert value(found, "distccd_refusals_total", reason="whitelist") == 1
    assert value(found, "distccd_refusals_total", reason="protocol") == 1
    assert value(found, "distccd_refusals_total", reason="access_list") == 1
    assert "rule plugin" in d.log_text() and "rule whitelist" in d.log_text()
    assert value(found, "distccd_jobs_running") == 0
    assert value(found, "distccd_jobs_waiting") == 0
    # The refused requests' bytes, and our client's two requests with their sources;
    # the replies carried an object and the errors.
    sent_by_wire = len(b"junkjunkjunk") + sum(len(wire.request(argv)) for argv in REFUSED_ARGVS)
    assert value(found, "distccd_received_bytes_total") > sent_by_wire + 2 * 50
    assert value(found, "distccd_sent_bytes_total") > 0


def test_promtool_accepts_the_exposition(worked_daemon, scratch):
    promtool = paths.tool("promtool")
    if not promtool:
        pytest.skip("promtool is not installed (Debian package prometheus; test/install-deps.sh)")
    _, text = worked_daemon
    r = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
    # Exit status 0 and no lint complaint (promtool prints one line per problem).
    assert r.returncode == 0 and r.stdout.strip() == "" and r.stderr.strip() == "", r.stdout + r.stderr


def test_bytes_are_the_bytes_on_the_wire(scratch):
    d = stats_daemon(scratch)
    try:
        request = wire.request(["gcc", "-c", "x.c", "-o", "x.o"], source="".join(f"int x{i} = {i};\n" for i in range(50)))
        reply = wire.exchange(d.port, request)
        assert wire.parse_reply(reply).status == 0
        junk = b"junk" * 10
        assert wire.exchange(d.port, junk) == b""
        found = samples(wait_for_jobs(d, 2))
        assert value(found, "distccd_received_bytes_total") == len(request) + len(junk)
        assert value(found, "distccd_sent_bytes_total") == len(reply)
    finally:
        d.stop()


def test_a_stalled_request_counts_as_an_intake_refusal(scratch):
    d = stats_daemon(scratch, env=dict(os.environ, DISTCC_IO_TIMEOUT="1"))
    try:
        with socket.create_connection(("127.0.0.1", d.port), timeout=10) as stalled:
            stalled.sendall(wire.packet("DIST", value=1) + b"ARGC00000005")
            procs.wait_until(lambda: "sent nothing for 1 s; closing" in d.log_text(), 10, what="the stalled client closed")
            found = samples(exposition(d.stats_port))
            assert value(found, "distccd_refusals_total", reason="intake_timeout") == 1
            assert value(found, "distccd_job_duration_seconds_count") == 0  # it never became a job
    finally:
        d.stop()


def page_layout(text):
    """The 3.4 page's header lines, then each body line's key (values aside)."""
    head, _, body = text.partition("\n\n")
    return head.split("\n"), [line.split(" ", 1)[0] for line in body.splitlines()]


# What an old client may send: a browser's or curl's request, no request at all, a
# request it half-closes, another method or path, junk.
OLD_REQUESTS = [
    ("GET /", b"GET / HTTP/1.0\r\n\r\n", False),
    ("bare connection", b"", False),
    ("half-closed", b"", True),
    ("HEAD /metrics", b"HEAD /metrics HTTP/1.0\r\n\r\n", False),
    ("GET /metricsx", b"GET /metricsx HTTP/1.1\r\nHost: x\r\n\r\n", False),
    ("junk", b"\x00\x01junk\n", False),
]


@pytest.mark.parametrize("what,request_bytes,half_close", OLD_REQUESTS, ids=[r[0] for r in OLD_REQUESTS])
def test_old_page_as_debian_distccd_answers(scratch, what, request_bytes, half_close):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    ours = stats_daemon(scratch)
    theirs = None
    try:
        theirs = stats_daemon(scratch, paths.DEBIAN_DISTCCD, name="debian-distccd")
        our_head, our_keys = page_layout(ask(ours.stats_port, request_bytes, half_close))
        their_head, their_keys = page_layout(ask(theirs.stats_port, request_bytes, half_close))
        assert our_head == their_head == ["HTTP/1.0 200 OK", "Content-Type: text/plain", "Connection: close"]
        # Debian's 3.4 has no dcc_free_mem line (3.4+git has; doc/daemon.md §13).
        assert their_keys[-2] == "dcc_free_space" and "dcc_free_mem" not in their_keys
        assert our_keys == their_keys[:-1] + ["dcc_free_mem", their_keys[-1]]
    finally:
        ours.stop()
        if theirs:
            theirs.stop()


def test_debian_distccd_ignores_the_path_too(scratch):
    """The premise of keeping the page for every other request: 3.4 answers
    `GET /metrics` with its page as well."""
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    theirs = stats_daemon(scratch, paths.DEBIAN_DISTCCD, name="debian-distccd")
    try:
        reply = ask(theirs.stats_port, GET_METRICS)
        assert reply.startswith("HTTP/1.0 200 OK\nContent-Type: text/plain\nConnection: close\n\nargv /distccd\n")
    finally:
        theirs.stop()
