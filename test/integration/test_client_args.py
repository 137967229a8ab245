"""Argument handling end to end (doc/client.md §3, §9, §11.1, §17, §18): dependency
files in every form land where and as a local gcc writes them (distcc 3.4 gets -MD
without -MF wrong), commands that must run locally do so with one warning, and the
temp-file settings TMPDIR and DISTCC_SAVE_TEMPS behave."""
import glob
import os

import pytest

from dcctest import paths, procs
from dcctest.clientrun import distcc, distcc_lines, local_object, read, write
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built")

SOURCE = '#include "dep.h"\nint value(void) { return DEP_VALUE; }\n'

DEP_VECTORS = [
    (["-MD"], {}),
    (["-MMD"], {}),
    (["-MD", "-MF", "custom.d"], {}),
    (["-MD", "-MT", "tgt"], {}),
    (["-MD", "-MQ", "q$x"], {}),
    (["-MD", "-MP"], {}),
    (["-Wp,-MD,.deps/x.pp"], {}),
    (["-Wp,-MMD,.deps/x.pp"], {}),
    ([], {"DEPENDENCIES_OUTPUT": "env.d"}),
    ([], {"DEPENDENCIES_OUTPUT": "env.d envtarget"}),
    ([], {"SUNPRO_DEPENDENCIES": "sun.d"}),
]


def dependency_files(directory):
    found = {}
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.d"), recursive=True) +
                       glob.glob(os.path.join(directory, ".deps", "*.pp"))):
        found[os.path.relpath(path, directory)] = read(path)
    return found


def clear(directory):
    for path in glob.glob(os.path.join(directory, "**", "*.[od]"), recursive=True) + \
            glob.glob(os.path.join(directory, ".deps", "*")):
        os.remove(path)


@pytest.mark.parametrize("output", [["-o", "obj/x.o"], ["-oobj/x.o"], []], ids=["-o", "-oFILE", "implied"])
@pytest.mark.parametrize("flags,extra_env", DEP_VECTORS, ids=lambda v: " ".join(v) if isinstance(v, list) else
                         ",".join(f"{k}={w}" for k, w in v.items()))
def test_dependency_files_match_gcc(scratch, debian_daemon, flags, extra_env, output):
    write(os.path.join(scratch, "x.c"), SOURCE)
    write(os.path.join(scratch, "dep.h"), "#define DEP_VALUE 42\n")
    os.makedirs(os.path.join(scratch, "obj"))
    os.makedirs(os.path.join(scratch, ".deps"))
    command = ["gcc", *flags, "-c", "x.c", *output]
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), **extra_env)
    local_object(command, scratch, env=env)
    expected = dependency_files(scratch)
    assert expected, "the vector writes a dependency file"
    clear(scratch)
    r = distcc(command, env, scratch)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == []
    assert dependency_files(scratch) == expected


def compiled_remotely(daemon):
    return [s for s in daemon.summaries() if s["category"] != "OTHER"]


def test_coverage_with_a_34_host_runs_here_with_the_reason(scratch, debian_daemon):
    """gcc coverage needs the extension (doc/protocol.md §16.6), which 3.4 lacks: the
    job compiles here, the note where gcc writes it, and the warning says why."""
    write(os.path.join(scratch, "x.c"), "int x;\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "--coverage", "-c", "x.c", "-o", "x.o"], env, scratch)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(scratch, "x.gcno"))
    said = distcc_lines(r.stderr)
    assert len(said) == 1 and "does not serve coverage jobs" in said[0], r.stderr
    # 3.4 saw the probe alone (DIST 4, refused as a bad request), no compile.
    assert [s["category"] for s in compiled_remotely(debian_daemon)] == ["REJ_BAD_REQ"]


@pytest.mark.parametrize("args,reason", [
    (["-E", "x.c"], "-E"),
    (["-M", "x.c"], None),
    (["-fprofile-generate", "-c", "x.c", "-o", "x.o"], None),
    (["-x", "assembler-with-cpp", "-c", "asm.c", "-o", "asm.o"], None),
    (["-c", "conftest.c", "-o", "conftest.o"], None),
    (["-S", "x.c", "-o", "-"], None),
    (["-o", "prog", "main.o", "x.o"], "linking"),
    (["main.o", "x.o", "-o", "prog"], "linking"),
])
def test_local_only_commands_run_here_silently(scratch, debian_daemon, args, reason):
    write(os.path.join(scratch, "x.c"), "int x;\n")
    write(os.path.join(scratch, "main.c"), "int main(void) { return 0; }\n")
    procs.run(["gcc", "-c", "main.c", "x.c"], cwd=scratch, check=True)
    write(os.path.join(scratch, "conftest.c"), "int main(void) { return 0; }\n")
    write(os.path.join(scratch, "asm.c"), ".text\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    expected = procs.run(["gcc", *args], cwd=scratch, env=env)
    r = distcc(["gcc", *args], env, scratch)
    assert r.returncode == expected.returncode, r.stderr
    assert r.stdout == expected.stdout, "output (e.g. -E to stdout) passes through"
    assert distcc_lines(r.stderr) == [], "local by nature: no warning, as distcc 3.4"
    verbose = distcc(["gcc", *args], dict(env, DISTCC_VERBOSE="1"), scratch)
    said = [line for line in distcc_lines(verbose.stderr) if "locally: " in line]
    assert len(said) == 1 and "running" in said[0], verbose.stderr
    if reason:
        assert reason in said[0], "DISTCC_VERBOSE names the reason"
    assert compiled_remotely(debian_daemon) == []


def test_save_temps_keeps_the_preprocessed_source(scratch, debian_daemon):
    write(os.path.join(scratch, "x.c"), "int x;\n")
    tmp = os.path.join(scratch, "tmp")
    os.makedirs(tmp)
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), TMPDIR=tmp)
    r = distcc(["gcc", "-c", "x.c", "-o", "x.o"], env, scratch)
    assert r.returncode == 0, r.stderr
    assert os.listdir(tmp) == [], "temp files are removed"
    r = distcc(["gcc", "-c", "x.c", "-o", "x.o"], dict(env, DISTCC_SAVE_TEMPS="1"), scratch)
    assert r.returncode == 0, r.stderr
    kept = os.listdir(tmp)
    assert len(kept) == 1 and kept[0].startswith("distcc_") and kept[0].endswith(".i"), kept
    assert "int x;" in open(os.path.join(tmp, kept[0])).read()


def test_unusable_tmpdir_still_compiles(scratch, debian_daemon):
    write(os.path.join(scratch, "x.c"), "int x;\n")
    local_object(["gcc", "-c", "x.c", "-o", "local.o"], scratch)
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), TMPDIR=os.path.join(scratch, "missing"))
    r = distcc(["gcc", "-c", "x.c", "-o", "x.o"], env, scratch)
    assert r.returncode == 0, r.stderr
    lines = distcc_lines(r.stderr)
    assert len(lines) == 1 and "can't use TMPDIR" in lines[0], r.stderr
    assert read(os.path.join(scratch, "x.o")) == read(os.path.join(scratch, "local.o"))


def test_make_with_cc_distcc(scratch, debian_daemon):
    """make CC=distcc: implicit mode, the compiler is cc."""
    for i in range(4):
        write(os.path.join(scratch, f"s{i}.c"), f"int s{i}(int a) {{ return a + {i}; }}\n")
    write(os.path.join(scratch, "Makefile"), "all: s0.o s1.o s2.o s3.o\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = procs.run(["make", "-j4", f"CC={paths.OUR_DISTCC}", "CFLAGS=-O2 -g"], cwd=scratch, env=env)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == []
    procs.wait_until(lambda: len([s for s in debian_daemon.summaries() if s["category"] == "COMPILE_OK"]) == 4, 10,
                     what="4 remote compiles")
    for i in range(4):
        local_object(["cc", "-O2", "-g", "-c", f"s{i}.c", "-o", f"l{i}.o"], scratch)
        assert read(os.path.join(scratch, f"s{i}.o")) == read(os.path.join(scratch, f"l{i}.o"))
