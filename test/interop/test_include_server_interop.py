"""Our include server under Debian's distcc 3.4 pump client, with Debian's distccd
3.4 as the ,cpp,lzo server (doc/include-server.md, "Interoperability").

The client gets INCLUDE_SERVER_PORT=<our socket>; every compile must travel in
protocol 3 (the daemon, at debug level, logs `got DIST00000003` for each), none may
fall back to local preprocessing or compiling (no warning from the client), and the
objects must equal a local build's in code and data.  Their DWARF differs in exactly
one way, which 3.4's daemon causes: it compiles under its temporary root
<TMPDIR>/distccd_XXXXXX and patches that prefix (into a run of '/') only in
.debug_info and .debug_str; gcc 12 writes DWARF 5, whose compilation and file
directories live in .debug_line_str, which Debian's 3.4 does not patch (3.4+git
does).  So .debug_line_str holds "<TMPDIR>/distccd_XXXXXX<client dir>" where a local
build has "<client dir>", and the sections pointing into it (.debug_info,
.debug_line and their relocations) move with it.  Trees: gentree (no headers),
pumptree (shared headers, computed includes, symlinked -I, C++) and libiberty.
"""
import os
import re

import pytest

from dcctest import daemons, gentree, objects, paths, pumptree, trees
from dcctest import include_server as isv
from dcctest.fixtures import clean_client_env
from dcctest.include_server import IncludeServer

pytestmark = [
    pytest.mark.skipif(not isv.available(), reason="include_server is not built"),
    pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed"),
]

# Sections the slash-overwritten temporary root may touch.
ROOT_PATCH_SECTIONS = {".debug_info", ".debug_str", ".debug_line_str", ".debug_line", ".debug_abbrev",
                       ".rela.debug_info", ".rela.debug_line", ".rela.debug_str", ".debug_aranges",
                       ".rela.debug_aranges", ".debug_rnglists", ".rela.debug_rnglists", ".debug_loclists",
                       ".rela.debug_loclists"}
# The daemon's temporary root at the start of a string, unpatched or patched to '/'s.
DAEMON_ROOT = re.compile(rb"^(/[^\0]*?/distccd_[A-Za-z0-9]{6}|/{10,})(?=/)")


def pump_build(scratch, tree_path, make_args, objects_expected, build):
    """Build through Debian's client, our include server and Debian's daemon; return
    (make result, daemon log)."""
    daemon = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, name="pump-distccd", log_level="debug").start()
    try:
        with IncludeServer(scratch) as server:
            env = clean_client_env(scratch, hosts=daemon.host_spec("/4,cpp,lzo"),
                                   INCLUDE_SERVER_PORT=server.socket)
            r = build(env)
            stderr_server = server.stderr()
        log = daemon.log_text()
    finally:
        daemon.stop()
    assert r.returncode == 0, r.stderr[-5000:]
    assert stderr_server == "", stderr_server
    versions = re.findall(r"\(dcc_r_token_int\) got DIST0000000(\d)", log)
    assert versions.count("3") == objects_expected and set(versions) == {"3"}, versions
    client_lines = [line for line in r.stderr.splitlines() if line.startswith("distcc[")]
    assert client_lines == [], "\n".join(client_lines)
    return r, log


def root_free_strings(path):
    """The strings of .debug_line_str and .debug_str with the daemon's root removed."""
    sections = objects.elf_sections(objects.read(path))
    strings = (sections.get(".debug_line_str", b"") + sections.get(".debug_str", b"")).split(b"\0")
    return sorted(DAEMON_ROOT.sub(b"", s) for s in strings)


def compare_pump_objects(built, local):
    """Every object: code and data identical; only root-patch sections differ, and
    the debug strings are the local ones once the daemon's root is taken out."""
    rels = trees.object_files(local)
    assert trees.object_files(built) == rels
    differing = set()
    for rel in rels:
        a, b = os.path.join(built, rel), os.path.join(local, rel)
        verdict, sections = objects.compare(a, b)
        if verdict == "identical":
            continue
        assert verdict == "debug-only", f"{rel}: {verdict} {sections}"
        assert set(sections) <= ROOT_PATCH_SECTIONS, f"{rel}: {sections}"
        assert root_free_strings(a) == root_free_strings(b), rel
        differing |= set(sections)
    return differing


def test_gentree(scratch):
    tree = gentree.write(os.path.join(scratch, "gentree"), units=12, functions=8)
    r = trees.make(tree, jobs=2)
    assert r.returncode == 0
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0
    pump_build(scratch, tree, [], 12,
               lambda env: trees.make(tree, ["CC=/usr/bin/distcc gcc"], env=env, jobs=4))
    differing = compare_pump_objects(trees.collect_outputs(tree, tree + ".dist"), local)
    print(f"\ngentree: 12 objects, sections differing: {sorted(differing)}")


def test_pumptree(scratch):
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=24, cxx_every=6)
    r = trees.make(tree, jobs=2)
    assert r.returncode == 0, r.stderr
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0
    pump_build(scratch, tree, [], count,
               lambda env: trees.make(tree, ["CC=/usr/bin/distcc gcc", "CXX=/usr/bin/distcc g++"],
                                      env=env, jobs=4))
    differing = compare_pump_objects(trees.collect_outputs(tree, tree + ".dist"), local)
    print(f"\npumptree: {count} objects, sections differing: {sorted(differing)}")


def test_pumptree_with_our_client(scratch):
    """The same build through OUR client (doc/pump.md): protocol 3 for every unit,
    no client line at all, and the same objects."""
    if not paths.ours("distcc"):
        pytest.skip("our distcc is not built")
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=24, cxx_every=6)
    r = trees.make(tree, jobs=2)
    assert r.returncode == 0, r.stderr
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0
    ours = paths.ours("distcc")
    pump_build(scratch, tree, [], count,
               lambda env: trees.make(tree, [f"CC={ours} gcc", f"CXX={ours} g++"], env=env, jobs=4))
    built = trees.collect_outputs(tree, tree + ".dist")
    differing = compare_pump_objects(built, local)
    for rel in trees.dep_files(local):
        with open(os.path.join(built, rel)) as a, open(os.path.join(local, rel)) as b:
            assert a.read().replace("\\\n", " ").split() == b.read().replace("\\\n", " ").split(), rel
    print(f"\npumptree (our client): {count} objects, sections differing: {sorted(differing)}")


@pytest.mark.slow
def test_libiberty_with_our_client(libiberty, scratch):
    if not paths.ours("distcc"):
        pytest.skip("our distcc is not built")
    pump_build(scratch, libiberty.path, [], libiberty.objects,
               lambda env: libiberty.build(paths.ours("distcc"), env, jobs=4))
    differing = compare_pump_objects(libiberty.path, libiberty.local)
    print(f"\nlibiberty (our client): {libiberty.objects} objects, sections differing: {sorted(differing)}")


@pytest.mark.slow
def test_libiberty(libiberty, scratch):
    pump_build(scratch, libiberty.path, [], libiberty.objects,
               lambda env: libiberty.build(paths.DEBIAN_DISTCC, env, jobs=4))
    differing = compare_pump_objects(libiberty.path, libiberty.local)
    print(f"\nlibiberty: {libiberty.objects} objects, sections differing: {sorted(differing)}")
