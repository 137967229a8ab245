"""The pump column of the interop matrix (doc/pump.md; doc/architecture.md §4):
{our client, Debian's 3.4 client} x {our distccd, Debian's 3.4 distccd} in pump mode
(`,cpp,lzo` hosts), always with OUR include server (3.4's Python one is broken on
this system), on the generated pumptree (-O2 -g: shared headers, an absolute -I
through a symlink, computed includes, C++) and on GNU libiberty (its configured
flags, -g -O2).

Every unit must be compiled remotely in protocol 3 (each daemon logs `got
DIST00000003` at debug level), with no fallback (no `distcc[...]` line on make's
stderr) and nothing on the include server's stderr.  Objects: through our daemon
byte-identical to the local build (it maps its root away with -ffile-prefix-map),
also at -g; through 3.4's daemon code and data identical, the only differences being
the debug sections that carry 3.4's temporary root (test_pump_client.py).  .d files
name the same target and dependencies as the local build's.
"""
import os
import re

import pytest

from dcctest import daemons, objects, paths, procs, pumptree, trees
from dcctest import include_server as isv
from dcctest.fixtures import clean_client_env
from dcctest.include_server import IncludeServer

pytestmark = [
    pytest.mark.skipif(not isv.available(), reason="include_server is not built"),
    pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed"),
    pytest.mark.skipif(not paths.ours("distcc") or not paths.ours("distccd"), reason="our distcc is not built"),
]

CLIENTS = {"our-client": paths.OUR_DISTCC, "3.4-client": paths.DEBIAN_DISTCC}
DAEMONS = {"our-daemon": paths.OUR_DISTCCD, "3.4-daemon": paths.DEBIAN_DISTCCD}
# The sections 3.4's daemon may change under -g (its temporary root in DWARF), as in
# test_pump_client.py.
DEBUG_SECTIONS = {".debug_info", ".debug_str", ".debug_line_str", ".debug_line", ".debug_abbrev",
                  ".rela.debug_info", ".rela.debug_line", ".rela.debug_str", ".debug_aranges",
                  ".rela.debug_aranges", ".debug_rnglists", ".rela.debug_rnglists", ".debug_loclists",
                  ".rela.debug_loclists"}
MATRIX = [(c, d) for c in CLIENTS for d in DAEMONS]


def dependencies(path):
    """A .d file as (target, [dependencies], [other rules]), line wrapping undone (a
    daemon may wrap lines differently from gcc)."""
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    rules = [line for line in text.splitlines() if line.strip()]
    target, _, deps = rules[0].partition(":")
    return target.strip(), deps.split(), rules[1:]


def protocol_versions(daemon, expected):
    """The protocol versions of the requests the daemon logged, waiting (bounded) for
    `expected` of them: a daemon may log after the client has its reply."""
    found = []

    def seen():
        found[:] = re.findall(r"got DIST0000000(\d)", daemon.log_text())
        return len(found) >= expected
    try:
        procs.wait_until(seen, 10, what="DIST lines")
    except procs.Timeout:
        pass
    return found


def pump_build(scratch, client_name, daemon_name, build):
    """Start the daemon (debug log) and our include server, run build(env) -- a make
    through `client` with `,cpp,lzo` -- and return (make result, protocol versions,
    include server stderr, COMPILE_OK count or None for 3.4's daemon)."""
    daemon = daemons.Daemon(DAEMONS[daemon_name], scratch, name="pump-matrix-distccd", log_level="debug",
                            jobs=2).start()
    try:
        with IncludeServer(scratch) as server:
            env = clean_client_env(scratch, hosts=daemon.host_spec("/2,cpp,lzo"), INCLUDE_SERVER_PORT=server.socket)
            r = build(CLIENTS[client_name], env)
            server_stderr = server.stderr()
        return r, daemon, server_stderr
    finally:
        daemon.stop()


def check_outputs(daemon_name, local, dist, count):
    rels = trees.object_files(local)
    assert len(rels) == count and trees.object_files(dist) == rels
    for rel in rels:
        a, b = os.path.join(dist, rel), os.path.join(local, rel)
        if daemon_name == "our-daemon":
            assert objects.read(a) == objects.read(b), f"{rel} differs from the local object"
        else:
            verdict, sections = objects.compare(a, b)
            assert verdict in ("identical", "debug-only"), (rel, verdict, sections)
            assert set(sections) <= DEBUG_SECTIONS, (rel, sections)
    deps = trees.dep_files(local)
    assert deps == trees.dep_files(dist)
    for rel in deps:
        assert dependencies(os.path.join(dist, rel)) == dependencies(os.path.join(local, rel)), rel


def check_remote_in_protocol_3(r, daemon, daemon_name, server_stderr, count):
    assert r.returncode == 0, r.stderr[-5000:]
    client_lines = [line for line in r.stderr.splitlines() if line.startswith("distcc[")]
    assert client_lines == [], "\n".join(client_lines)  # no fallback, no warning
    assert server_stderr == "", server_stderr
    versions = protocol_versions(daemon, count)
    assert versions == ["3"] * count, versions
    if daemon_name == "our-daemon":
        assert len(daemon.summaries_in("COMPILE_OK", expected=count)) == count


@pytest.mark.parametrize("client_name,daemon_name", MATRIX)
def test_pumptree(scratch, client_name, daemon_name):
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=12, cxx_every=4)
    r = trees.make(tree, jobs=2)
    assert r.returncode == 0, r.stderr
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0

    def build(client, env):
        return trees.make(tree, [f"CC={client} gcc", f"CXX={client} g++"], env=env, jobs=2)
    r, daemon, server_stderr = pump_build(scratch, client_name, daemon_name, build)
    check_remote_in_protocol_3(r, daemon, daemon_name, server_stderr, count)
    check_outputs(daemon_name, local, trees.collect_outputs(tree, tree + ".dist"), count)


@pytest.mark.parametrize("client_name,daemon_name", MATRIX)
def test_libiberty(libiberty, scratch, client_name, daemon_name):
    r, daemon, server_stderr = pump_build(scratch, client_name, daemon_name,
                                          lambda client, env: libiberty.build(client, env, jobs=2))
    check_remote_in_protocol_3(r, daemon, daemon_name, server_stderr, libiberty.objects)
    dist = trees.collect_outputs(libiberty.path, os.path.join(scratch, "libiberty.dist"))
    check_outputs(daemon_name, libiberty.local, dist, libiberty.objects)
