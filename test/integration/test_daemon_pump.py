"""Our distccd serving protocol 3 (pump mode; doc/protocol.md §5.3, §8.4-§8.6, §9;
doc/security.md §5).

Debian's distcc 3.4 -- and then our own client -- is the pump client, with OUR
include server as its INCLUDE_SERVER_PORT and OUR distccd as the `,cpp,lzo` host: the generated pumptree
(shared headers, an absolute -I through a symlink, computed includes, C++) builds
with every unit compiled remotely in protocol 3, no fallback, objects byte-identical
to a local build with and without -g (the daemon maps its root away with
-ffile-prefix-map), and .d files naming the same target and dependencies.  Then a
hostile corpus spoken in protocol 3 directly: names that are relative, have `.`/`..`
components or a NUL, escape through a LINK, too many files, too deep, too large --
none writes a byte outside the job root and the daemon keeps serving.  Unconfined
(--sandbox=off) the roots are made in the worker's pump area under --pump-tmpdir
(doc/daemon.md §7): the same objects, and the area goes with the worker.
"""
import os
import re

import pytest

from dcctest import daemons, paths, procs, pumptree, trees, wire
from dcctest import include_server as isv
from dcctest.fixtures import clean_client_env
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")


def dependencies(path):
    """A .d file as (target, [dependencies]): gcc's line wrapping undone (the daemon
    keeps gcc's line breaks while shortening the lines, as 3.4 does)."""
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    rules = [line for line in text.splitlines() if line.strip()]
    target, _, deps = rules[0].partition(":")
    return target.strip(), deps.split(), rules[1:]


def no_pump_roots(tmpdir, prefix="pump_"):
    return [os.path.join(d, n) for d, dirs, _ in os.walk(tmpdir) for n in dirs if n.startswith(prefix)]


def pump_areas(tmpdir):
    """The workers' pump areas (doc/daemon.md §7) under a daemon's --pump-tmpdir."""
    return no_pump_roots(tmpdir, "distccd-pump_")


def pump_build_through_our_daemon(scratch, tree, count, flags, client="/usr/bin/distcc", extra_args=()):
    """Build `tree` locally, then through a pump client (Debian's 3.4 by default, or
    ours), our include server and our distccd; every unit must go remote in protocol
    3 with no fallback and give the local build's object, byte for byte, and its .d
    dependencies."""
    r = trees.make(tree, flags, jobs=2)
    assert r.returncode == 0, r.stderr
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0
    daemon = daemons.Daemon(paths.OUR_DISTCCD, scratch, log_level="debug", jobs=2, extra_args=extra_args).start()
    try:
        with IncludeServer(scratch) as server:
            env = clean_client_env(scratch, hosts=daemon.host_spec("/2,cpp,lzo"), INCLUDE_SERVER_PORT=server.socket)
            r = trees.make(tree, flags + [f"CC={client} gcc", f"CXX={client} g++"], env=env, jobs=2)
            server_stderr = server.stderr()
        ok = daemon.summaries_in("COMPILE_OK", expected=count)
        log = daemon.log_text()
    finally:
        daemon.stop()
    assert r.returncode == 0, r.stderr[-5000:]
    assert server_stderr == "", server_stderr
    client_lines = [line for line in r.stderr.splitlines() if line.startswith("distcc[")]
    assert client_lines == [], "\n".join(client_lines)  # no fallback, no warning
    versions = re.findall(r"got DIST0000000(\d)", log)
    assert versions == ["3"] * count, versions
    assert len(ok) == count and len(daemon.summaries()) == count
    dist = trees.collect_outputs(tree, tree + ".dist")
    rels = trees.object_files(local)
    assert len(rels) == count and trees.object_files(dist) == rels
    for rel in rels:
        with open(os.path.join(dist, rel), "rb") as a, open(os.path.join(local, rel), "rb") as b:
            assert a.read() == b.read(), f"{rel} differs from the local object"
    deps = trees.dep_files(local)
    assert deps == trees.dep_files(dist) and len(deps) == count
    for rel in deps:
        assert dependencies(os.path.join(dist, rel)) == dependencies(os.path.join(local, rel)), rel
    assert no_pump_roots(daemon.tmpdir) == []
    assert pump_areas(daemon.tmpdir) == []
    return log


needs_debian = pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed")


@needs_debian
@pytest.mark.parametrize("debug", ["-g", "no-g"])
def test_debian_pump_client_builds_pumptree_through_our_daemon(scratch, debug):
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=12, cxx_every=4)
    with open(os.path.join(tree, "Makefile")) as f:
        cflags = re.search(r"^CFLAGS = (.*)$", f.read(), re.M).group(1)
    if debug == "no-g":
        cflags = cflags.replace(" -g", "")
    pump_build_through_our_daemon(scratch, tree, count, [f"CFLAGS={cflags}"])


@needs_debian
@pytest.mark.parametrize("debug", ["-g", "no-g"])
def test_debian_pump_client_builds_the_mixed_fixture_through_our_daemon(scratch, debug):
    tree = trees.copy_tree("mixed", os.path.join(scratch, "mixed"))
    flags = ["all"]
    if debug == "no-g":
        flags += ["CFLAGS=-O2", "CXXFLAGS=-O2"]
    pump_build_through_our_daemon(scratch, tree, 7, flags)


@pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc is not built")
@pytest.mark.parametrize("debug", ["-g", "no-g"])
def test_our_pump_client_builds_pumptree_through_our_daemon(scratch, debug):
    """Pump mode with no 3.4 part at all: our client, include server and daemon."""
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=12, cxx_every=4)
    with open(os.path.join(tree, "Makefile")) as f:
        cflags = re.search(r"^CFLAGS = (.*)$", f.read(), re.M).group(1)
    if debug == "no-g":
        cflags = cflags.replace(" -g", "")
    pump_build_through_our_daemon(scratch, tree, count, [f"CFLAGS={cflags}"], client=paths.OUR_DISTCC)


@pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc is not built")
@pytest.mark.parametrize("sandbox", ["auto", "off"])
def test_our_pump_client_builds_the_mixed_fixture_through_our_daemon(scratch, sandbox):
    """With --sandbox=off the trees are made in the pump area, whose path the
    compiler sees instead of the work directory's: the objects are still the local
    build's, and the area is gone once the daemon stopped."""
    tree = trees.copy_tree("mixed", os.path.join(scratch, "mixed"))
    log = pump_build_through_our_daemon(scratch, tree, 7, ["all"], client=paths.OUR_DISTCC,
                                        extra_args=[f"--sandbox={sandbox}"])
    if sandbox == "off":
        where = re.escape(scratch) + r"/distccd-\d+\.tmp/distccd-pump_\w{6}\n"
        assert re.search("pump trees of this process go to " + where, log), log[-3000:]


# --- the hostile corpus ------------------------------------------------------------

SOURCE = b"int pumped_value = 42;\n"
ARGV = ["gcc", "-c", "main.c", "-o", "main.o"]
MAX_FILES = 8
MAX_TOTAL = 65536


def pump_request(entries, cwd="/w", argv=ARGV, count=None):
    """A protocol 3 request; entries are (name, "FILE"|"LINK", body bytes)."""
    out = wire.packet("DIST", value=3) + wire.packet("CDIR", cwd) + wire.argv_packets(argv)
    out += wire.packet("NFIL", value=len(entries) if count is None else count)
    for name, kind, body in entries:
        out += wire.packet("NAME", name) + wire.packet(kind, body)
    return out


def main_c():
    return ("/w/main.c", "FILE", wire.lzo_literal(SOURCE))


def parse_v3_reply(data):
    r = wire.ReplyReader(data)
    version, status = r.header("DONE"), r.header("STAT")
    r.body("SERR"), r.body("SOUT")
    doto = r.body("DOTO")
    dotd = r.body("DOTD") if status == 0 else None
    return version, status, doto, dotd


def snapshot(top, skip):
    """Every path under `top` but those under `skip`, with file contents."""
    seen = {}
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if os.path.join(d, x) != skip]
        for name in dirs + files:
            path = os.path.join(d, name)
            if os.path.islink(path) or os.path.isdir(path):
                seen[path] = None
            else:
                with open(path, "rb") as f:
                    seen[path] = f.read()
    return seen


def test_hostile_file_lists_write_nothing_outside_the_root(scratch):
    outside = os.path.join(scratch, "outside")
    os.makedirs(outside)
    os.chmod(outside, 0o777)  # the daemon user could write here: only the checks stop it
    with open(os.path.join(outside, "victim"), "w") as f:
        f.write("safe")
    up = "../" * 40 + outside.lstrip("/")
    small = wire.lzo_literal(b"x")
    refused = {
        "relative name": [main_c(), ("w/evil.h", "FILE", small)],
        "bare name": [main_c(), ("evil.h", "FILE", small)],
        "dot-dot name": [main_c(), ("/w/" + "../" * 40 + outside.lstrip("/") + "/evil.h", "FILE", small)],
        "dot name": [main_c(), ("/w/./evil.h", "FILE", small)],
        "NUL in name": [main_c(), ("/w/evil\0.h", "FILE", small)],
        "trailing slash": [main_c(), ("/w/dir/", "FILE", small)],
        "FILE under a LINK out": [main_c(), ("/esc", "LINK", up), ("/esc/evil.h", "FILE", small)],
        "FILE deep under a LINK": [main_c(), ("/esc", "LINK", up), ("/esc/sub/evil.h", "FILE", small)],
        "LINK under a LINK": [main_c(), ("/esc", "LINK", up), ("/esc/evil", "LINK", "/etc")],
        "FILE under an absolute LINK": [main_c(), ("/esc", "LINK", outside), ("/esc/evil.h", "FILE", small)],
        "LINK twice": [main_c(), ("/l", "LINK", "/a"), ("/l", "LINK", "/b")],
        "empty LINK target": [main_c(), ("/l", "LINK", "")],
        "too many files": [main_c()] + [(f"/w/h{i}.h", "FILE", small) for i in range(MAX_FILES)],
        "too deep": [main_c(), ("/" + "d/" * 60 + "evil.h", "FILE", small)],
        "too large": [main_c(), ("/w/big.h", "FILE", wire.lzo_literal(b"y" * (MAX_TOTAL + 1)))],
        "not LZO": [main_c(), ("/w/bad.h", "FILE", b"\xff\xfe garbage")],
    }
    before = None
    daemon = daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=2,
                            extra_args=["--max-files", str(MAX_FILES), "--max-files-total", str(MAX_TOTAL)]).start()
    try:
        before = snapshot(scratch, daemon.tmpdir)
        for what, entries in refused.items():
            assert wire.exchange(daemon.port, pump_request(entries)) == b"", what
        for cwd in ("/w/../" + outside.lstrip("/"), "w", "/w/./x"):
            assert wire.exchange(daemon.port, pump_request([main_c()], cwd=cwd)) == b"", cwd
        # NFIL beyond the limit is refused before any entry.
        assert wire.exchange(daemon.port, pump_request([main_c()], count=0x7fffffff)) == b""
        # A FILE replacing a LINK replaces the link, not what it points to.
        replaced = pump_request([main_c(), ("/victim", "LINK", up + "/victim"), ("/victim", "FILE", small)])
        assert parse_v3_reply(wire.exchange(daemon.port, replaced))[:2] == (3, 0)
        # Still serving: a good request compiles, with its DOTD.
        version, status, doto, dotd = parse_v3_reply(wire.exchange(daemon.port, pump_request([main_c()])))
        assert (version, status) == (3, 0) and doto and dotd
        daemon.summaries_in("COMPILE_OK", expected=2)
    finally:
        daemon.stop()
    after = snapshot(scratch, daemon.tmpdir)
    new = {p: v for p, v in after.items() if p not in before or before[p] != v}
    new = {p: v for p, v in new.items() if not p.startswith(daemon.log_path)}
    assert new == {}, new
    with open(os.path.join(outside, "victim")) as f:
        assert f.read() == "safe"
    assert sorted(os.listdir(outside)) == ["victim"]
    assert no_pump_roots(daemon.tmpdir) == []
    categories = [s["category"] for s in daemon.summaries()]
    assert categories.count("COMPILE_OK") == 2


def slow_source(depth=22):
    """C whose one expression has 2**depth terms: seconds of compiling."""
    lines = ["#define A0 v +"] + [f"#define A{i} A{i - 1} A{i - 1}" for i in range(1, depth + 1)]
    return ("\n".join(lines) + f"\nint v;\nint f(void) {{ return A{depth} 0; }}\n").encode()


@pytest.mark.parametrize("sandbox", ["auto", "off"])
def test_the_root_goes_after_a_timeout(scratch, sandbox):
    request = pump_request([("/w/main.c", "FILE", wire.lzo_literal(slow_source()))], argv=ARGV[:1] + ["-O2"] + ARGV[1:])
    with daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=1,
                        extra_args=["--job-lifetime", "1", f"--sandbox={sandbox}"]) as daemon:
        version, status, _, _ = parse_v3_reply(wire.exchange(daemon.port, request))
        assert (version, status) == (3, 118 << 8)
        assert [s["category"] for s in daemon.summaries_in("COMPILE_TIMEOUT")] == ["COMPILE_TIMEOUT"]
        assert no_pump_roots(daemon.tmpdir) == []
        if sandbox == "off":
            # The worker keeps its area, empty, for its next pump job.
            areas = pump_areas(daemon.tmpdir)
            assert len(areas) == 1 and os.listdir(areas[0]) == []
            assert os.stat(areas[0]).st_mode & 0o777 == 0o700
            # ... which compiles in it.
            assert parse_v3_reply(wire.exchange(daemon.port, pump_request([main_c()])))[:2] == (3, 0)
            assert pump_areas(daemon.tmpdir) == areas and os.listdir(areas[0]) == []
    # Workers remove their areas as they die, which may be after the main process has gone.
    procs.wait_until(lambda: pump_areas(daemon.tmpdir) == [], 10, what="the pump area removed")


@pytest.mark.parametrize("sandbox", ["auto", "off"])
def test_the_root_goes_when_the_daemon_is_stopped_mid_compile(scratch, sandbox):
    request = pump_request([("/w/main.c", "FILE", wire.lzo_literal(slow_source()))], argv=ARGV[:1] + ["-O2"] + ARGV[1:])
    daemon = daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=1, extra_args=[f"--sandbox={sandbox}"]).start()
    try:
        client = wire.connect(daemon.port)
        client.sendall(request)
        procs.wait_until(lambda: no_pump_roots(daemon.tmpdir) != [], 20, what="a pump root")
        if sandbox == "off":
            assert [os.path.dirname(root) for root in no_pump_roots(daemon.tmpdir)] == pump_areas(daemon.tmpdir)
    finally:
        daemon.stop()
    client.close()
    procs.wait_until(lambda: no_pump_roots(daemon.tmpdir) == [], 10, what="the pump root removed")
    procs.wait_until(lambda: pump_areas(daemon.tmpdir) == [], 10, what="the pump area removed")


def test_pump_tmpdir_choices(scratch):
    """An empty --pump-tmpdir keeps the roots in the work directory; one that is not
    a directory stops the daemon with 101 before it listens."""
    request = pump_request([("/w/main.c", "FILE", wire.lzo_literal(slow_source()))], argv=ARGV[:1] + ["-O2"] + ARGV[1:])
    daemon = daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=1, extra_args=["--sandbox=off", "--pump-tmpdir="]).start()
    try:
        client = wire.connect(daemon.port)
        client.sendall(request)
        procs.wait_until(lambda: no_pump_roots(daemon.tmpdir) != [], 20, what="a pump root")
        roots = no_pump_roots(daemon.tmpdir)
        assert len(roots) == 1 and os.path.basename(os.path.dirname(roots[0])).startswith("distccd_"), roots
        assert pump_areas(daemon.tmpdir) == []
    finally:
        daemon.stop()
    client.close()
    not_a_dir = os.path.join(scratch, "not-a-dir")
    with open(not_a_dir, "w"):
        pass
    r = procs.subprocess.run([paths.OUR_DISTCCD, "--daemon", "--no-detach", "--log-stderr", "--port",
                              str(procs.free_port()), "--allow", "127.0.0.1", "--pump-tmpdir", not_a_dir],
                             stdin=procs.subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert r.returncode == 101, r.stderr
    assert f"--pump-tmpdir {not_a_dir}: " in r.stderr, r.stderr


@pytest.mark.parametrize("extra,rule", [(["-fplugin=/tmp/evil.so"], "plugin"), (["-B/tmp/evil"], "program"),
                                        (["-MD", "-MF", "/tmp/evil.d"], "output_path")])
def test_the_argument_policy_applies_to_pump_jobs(scratch, extra, rule):
    with daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=1) as daemon:
        assert wire.exchange(daemon.port, pump_request([main_c()], argv=ARGV + extra)) == b""
        procs.wait_until(lambda: f"rule {rule}," in daemon.log_text(), 10, what="the refusal line")
        version, status, _, _ = parse_v3_reply(wire.exchange(daemon.port, pump_request([main_c()])))
        assert (version, status) == (3, 0)
