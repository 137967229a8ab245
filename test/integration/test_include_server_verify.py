"""The closure covers what the preprocessor reads (doc/include-server.md, "Checking
the closure"): with --verify the server runs `gcc -M` itself and answers "not
covered" for any non-system file the closure misses, so a covered reply is the
proof.  Run on the hand-made corpus of nasty cases (test/fixtures/include_server),
on this project's own sources, and on real projects Debian ships (libiberty and bfd
from binutils-source, googletest)."""
import glob
import os
import shutil
import sys

import pytest

from dcctest import include_server as isv
from dcctest import paths, procs, projects
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")

sys.path.insert(0, os.path.join(paths.FIXTURES, "include_server"))
import nasty_corpus  # noqa: E402

VERIFY_CC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify_cc.py")


@pytest.fixture
def verifying(scratch):
    with IncludeServer(scratch, args=["-v"]) as server:
        yield server


def assert_covered(server, cases):
    for name, cwd, argv in cases:
        reply = server.ask(cwd, argv, timeout=300)
        assert reply, f"{name}: {argv}\n{server.stderr()}"
    assert server.warnings() == [], server.stderr()


def test_nasty_corpus(verifying, scratch):
    assert_covered(verifying, nasty_corpus.write(os.path.join(scratch, "corpus")))


def test_nasty_corpus_refusals(scratch):
    nasty_corpus.write(os.path.join(scratch, "corpus"))
    with IncludeServer(scratch) as server:
        for name, cwd, argv in nasty_corpus.refused_cases(os.path.join(scratch, "corpus")):
            assert server.ask(cwd, argv) == [], name
    with IncludeServer(scratch, args=["-v", "--unsafe_absolute_includes"], name="unsafe") as server:
        name, cwd, argv = nasty_corpus.absolute_case(os.path.join(scratch, "corpus"))
        assert server.ask(cwd, argv)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@pytest.mark.parametrize("triggers", [False, True])
def test_header_that_appears_mid_build(scratch, triggers):
    proj = os.path.join(os.path.realpath(scratch), "late")
    write(os.path.join(proj, "a.c"), '#if __has_include("gen/late.h")\n#include "gen/late.h"\n#endif\n')
    write(os.path.join(proj, "b.c"), '#if __has_include("gen/late.h")\n#include "gen/late.h"\n#endif\n')
    os.makedirs(os.path.join(proj, "gen"))
    args = ["-v"] + ([f"--stat_reset_triggers={proj}/gen/*"] if triggers else [])
    with IncludeServer(scratch, args=args) as server:
        assert server.ask(proj, ["gcc", "-c", "a.c"])
        write(os.path.join(proj, "gen", "late.h"), "/* generated */\n")
        reply = server.ask(proj, ["gcc", "-c", "b.c"])
        if triggers:
            assert reply and any(p.endswith("/gen/late.h.lzo") for p in reply)
            assert f"Path '{proj}/gen/late.h' came into existence. Clearing caches." in server.stderr()
        else:
            # Without triggers the stat cache keeps "absent" for the build: the client
            # preprocesses locally (include_server(1), "Distcc discrepancy symptoms").
            assert reply == []
            assert "Calculated include closure does not contain" in server.stderr()


def test_own_sources(verifying):
    top, build = paths.TOP_SRCDIR, paths.TOP_BUILDDIR
    if not os.path.exists(os.path.join(build, "config.h")):
        pytest.skip("no configured build tree")
    units = sorted(glob.glob(os.path.join(top, "src", "*", "*.cpp")) +
                   glob.glob(os.path.join(top, "include_server", "*.cpp")))
    cases = [(os.path.basename(u), build,
              ["g++", "-std=c++20", f"-I{top}/src", f"-I{top}", f"-I{build}", "-c", u, "-o", "/dev/null"])
             for u in units if "/zeroconf/" not in u and "/auth/gss" not in u]
    assert len(cases) > 80
    assert_covered(verifying, cases)


def build_verified(scratch, build):
    """Run build(env) with verify_cc.py in front of the compiler; return the log lines."""
    log = os.path.join(scratch, "verify_cc.log")
    with IncludeServer(scratch, args=["-v"], name="verify-build") as server:
        env = dict(os.environ, INCLUDE_SERVER_PORT=server.socket, VERIFY_CC_LOG=log)
        r = build(env)
        assert r.returncode == 0, r.stderr[-3000:]
        assert server.warnings() == [], server.stderr()[-5000:]
    with open(log) as f:
        lines = f.read().splitlines()
    assert lines and all(line.startswith("covered\t") for line in lines), "\n".join(lines)
    return lines


def project_or_skip(kind, scratch):
    os.makedirs(os.path.join(scratch, "projects"), exist_ok=True)
    try:
        return kind(os.path.join(scratch, "projects"))
    except projects.Unavailable as e:
        pytest.skip(str(e))


@pytest.mark.slow
def test_libiberty(scratch):
    lib = project_or_skip(projects.Libiberty, scratch)
    lines = build_verified(scratch, lambda env: lib.build(f"{sys.executable} {VERIFY_CC}", env, jobs=2))
    assert len(lines) == lib.objects


@pytest.mark.slow
def test_googletest(scratch):
    gt = project_or_skip(projects.Googletest, scratch)
    launcher = f"{sys.executable};{VERIFY_CC}"
    lines = build_verified(scratch, lambda env: gt.build(launcher, env, jobs=2))
    assert len(lines) == gt.objects


BFD_MEMBERS = ("bfd", "include", "libiberty", "config", "zlib", "intl", "config.guess", "config.sub", "install-sh",
               "ltmain.sh", "missing", "mkinstalldirs", "move-if-change", "depcomp", "config-ml.in", "compile",
               "ar-lib", "test-driver", "ylwrap")
BFD_GENERATED = ("bfd.h", "bfdver.h", "elf32-target.h", "elf64-target.h", "targmatch.h")
BFD_OBJECTS = ("archive.lo", "bfd.lo", "elf.lo", "elf64-x86-64.lo", "format.lo", "opncls.lo", "section.lo",
               "syms.lo", "targets.lo", "dwarf2.lo", "compress.lo", "cache.lo")


@pytest.mark.slow
def test_bfd(scratch):
    tarballs = sorted(glob.glob("/usr/src/binutils/binutils-*.tar.xz"))
    if not tarballs:
        pytest.skip("binutils-source is not installed (apt-get install binutils-source)")
    top = os.path.basename(tarballs[-1])[:-len(".tar.xz")]
    base = os.path.join(scratch, "bfd")
    os.makedirs(base)
    r = procs.run(["tar", "-xJf", tarballs[-1], *(f"{top}/{m}" for m in BFD_MEMBERS)], cwd=base, timeout=300)
    assert r.returncode == 0, r.stderr
    bfd = os.path.join(base, top, "bfd")
    r = procs.run(["./configure", "-q", "--disable-nls", "CC=gcc"], cwd=bfd, timeout=1800)
    assert r.returncode == 0, r.stderr[-3000:]
    r = procs.run(["make", *BFD_GENERATED], cwd=bfd, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    lines = build_verified(scratch, lambda env: procs.run(
        ["make", "-j2", f"CC={sys.executable} {VERIFY_CC} gcc", *BFD_OBJECTS], cwd=bfd, env=env, timeout=1200))
    assert len(lines) >= len(BFD_OBJECTS)
