"""The argument allow-list of distccd (issue 16, doc/security.md section 2), tried as a
hostile client would, speaking the protocol directly: both clang code-execution chains,
every file-writing option with absolute and relative paths, -x values, inner-tool
pass-throughs.  Each probe must be refused with one log line naming rule and argument,
run nothing (the payloads would create a marker file), write nothing outside the job
directory, and leave the daemon serving.  Then the other side: real compiles with common
flags from our client still go remote, and a flag the policy refuses makes our client
compile locally and say why, without bothering the server."""
import os
import re
import shlex
import shutil
import subprocess

import pytest

from dcctest import clientrun, daemontest, paths, procs, wire
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")

GCC = ["gcc", "-c", "x.c", "-o", "x.o"]
CLANG = ["clang", "-c", "x.c", "-o", "x.o"]
SOURCE = b"int x = 42;\n"


@pytest.fixture
def daemon(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=2)
    yield d
    d.stop()


@pytest.fixture
def outside(scratch):
    """A world-writable directory outside every job directory, and a program that
    would leave a marker there if anything ran it."""
    where = daemontest.world_writable_dir(os.path.join(scratch, "outside"))
    clientrun.write(os.path.join(where, "evil.sh"), f"#!/bin/sh\ntouch {where}/ran\n", mode=0o755)
    return where


def refusal_lines(daemon):
    return [line for line in daemon.log_text().splitlines() if "refused job from" in line]


def files_under(root):
    found = set()
    for parent, _, names in os.walk(root):
        found.update(os.path.join(parent, n) for n in names)
    return found


def assert_still_serving(daemon):
    reply = wire.compile_remote(daemon.port, GCC, SOURCE, timeout=30)
    assert reply.status == 0, reply
    assert reply.doto.startswith(b"\x7fELF")


def probe(daemon, scratch, outside, argv, rule, argument, source=SOURCE):
    argv = [w.format(outside=outside) for w in argv]
    argument = argument.format(outside=outside)
    before_files = files_under(scratch)
    before = len(refusal_lines(daemon))
    assert wire.exchange(daemon.port, wire.request(argv, source), timeout=30) == b"", "a refused job gets no reply"
    procs.wait_until(lambda: len(refusal_lines(daemon)) > before, 10, what="the refusal line")
    lines = refusal_lines(daemon)[before:]
    assert len(lines) == 1, lines
    assert f"rule {rule}," in lines[0], lines[0]
    assert f'argument "{argument}' in lines[0], lines[0]
    assert not os.path.exists(os.path.join(outside, "ran")), "the payload ran"
    new = {f for f in files_under(scratch) - before_files if not f.startswith(daemon.log_path)}
    assert new == set(), f"files written: {sorted(new)}"
    assert daemontest.job_leftovers(daemon) == []
    assert_still_serving(daemon)


# (argv, rule, the refused argument as logged)
CLANG_CHAINS = [
    # Issue 16 chain 1: the job's own input loaded as an analyzer plugin.
    (["clang", "-c", "--analyze", "-Xanalyzer", "-load", "-Xanalyzer", "x.c", "-o", "x.o"],
     "operand", "-Xanalyzer x.c"),
    (CLANG + ["--analyze", "-Xanalyzer", "-load", "-Xanalyzer", "{outside}/evil.so"],
     "plugin", "-Xanalyzer -load -Xanalyzer {outside}/evil.so"),
    (CLANG + ["-Xclang", "-load", "-Xclang", "{outside}/evil.so"], "plugin", "-Xclang -load"),
    (CLANG + ["-Xclang", "-plugin", "-Xclang", "x"], "plugin", "-Xclang -plugin"),
    (CLANG + ["-fpass-plugin={outside}/evil.so"], "plugin", "-fpass-plugin="),
    (CLANG + ["-mllvm", "-load={outside}/evil.so"], "unknown_option", "-mllvm -load="),
    (CLANG + ["-mllvm=-load={outside}/evil.so"], "unknown_option", "-mllvm=-load="),
    # Issue 16 chain 2: a CUDA compile running any program as ptxas.
    (["clang", "-c", "-x", "cuda", "--ptxas-path={outside}/evil.sh", "x.c", "-o", "x.o"], "language", "-x cuda"),
    (CLANG + ["--ptxas-path={outside}/evil.sh"], "program", "--ptxas-path={outside}/evil.sh"),
    (CLANG + ["--cuda-path={outside}"], "program", "--cuda-path="),
    (CLANG + ["-B{outside}"], "program", "-B{outside}"),
    (CLANG + ["--gcc-toolchain={outside}"], "program", "--gcc-toolchain="),
    (CLANG + ["--sysroot={outside}"], "program", "--sysroot="),
    (CLANG + ["--config={outside}/x.cfg"], "program", "--config="),
    (GCC + ["-wrapper", "{outside}/evil.sh"], "program", "-wrapper {outside}/evil.sh"),
    (GCC + ["-fplugin={outside}/evil.so"], "plugin", "-fplugin="),
    (GCC + ["-fmodule-mapper=|{outside}/evil.sh"], "program", "-fmodule-mapper="),
]

WRITERS = [
    # Issue 16's file-writing options, absolute paths...
    (GCC + ["-aux-info={outside}/f"], "output_path", "-aux-info={outside}/f"),
    (GCC + ["-aux-info", "{outside}/f"], "output_path", "-aux-info {outside}/f"),
    (GCC + ["--dumpbase", "{outside}/f"], "output_path", "--dumpbase {outside}/f"),
    (GCC + ["--dumpdir", "{outside}/"], "output_path", "--dumpdir {outside}/"),
    (GCC + ["-dumpdir", "{outside}/"], "output_path", "-dumpdir"),
    (GCC + ["-Wa,-MD,{outside}/f"], "output_path", "-Wa,-MD,{outside}/f"),
    (GCC + ["-Wa,--M,{outside}/f"], "unknown_option", "-Wa,--M,{outside}/f"),
    (GCC + ["-Xassembler", "-MD", "-Xassembler", "{outside}/f"], "output_path", "-Xassembler -MD -Xassembler"),
    (GCC + ["-Xassembler", "--MD", "-Xassembler", "{outside}/f"], "output_path", "-Xassembler --MD -Xassembler"),
    (GCC + ["-Xpreprocessor", "-MD", "-Xpreprocessor", "{outside}/f"], "output_path",
     "-Xpreprocessor -MD -Xpreprocessor {outside}/f"),
    (CLANG + ["-fproc-stat-report={outside}/f"], "output_path", "-fproc-stat-report="),
    (CLANG + ["--serialize-diagnostics", "{outside}/f"], "output_path", "--serialize-diagnostics {outside}/f"),
    (CLANG + ["-Xclang", "-stats-file={outside}/f"], "output_path", "-Xclang -stats-file="),
    (CLANG + ["-ftime-trace={outside}/f"], "output_path", "-ftime-trace="),
    (GCC + ["-MD", "-MF", "{outside}/f"], "output_path", "-MF {outside}/f"),
    (GCC + ["-MD", "-MF{outside}/f"], "output_path", "-MF{outside}/f"),
    (GCC + ["-save-temps={outside}"], "output_path", "-save-temps="),
    (GCC + ["-fdump-tree-all={outside}/f"], "output_path", "-fdump-tree-all="),
    (GCC + ["-fdiagnostics-add-output=sarif:file={outside}/f"], "output_path", "-fdiagnostics-add-output="),
    (GCC + ["--output={outside}/x.o"], "output_path", "--output="),
    # ... and relative ones that climb out of the job directory, or any at all where
    # the option needs no file.
    (GCC + ["-MD", "-MF", "../../f"], "output_path", "-MF ../../f"),
    (GCC + ["-MD", "-MF", "sub/../../f"], "output_path", "-MF sub/../../f"),
    (GCC + ["-Xpreprocessor", "-MMD", "-Xpreprocessor", "../f"], "output_path",
     "-Xpreprocessor -MMD -Xpreprocessor ../f"),
    (GCC + ["-aux-info=f"], "output_path", "-aux-info=f"),
    (GCC + ["--dumpbase", "f"], "output_path", "--dumpbase f"),
    (CLANG + ["-fproc-stat-report=f"], "output_path", "-fproc-stat-report=f"),
    (CLANG + ["--serialize-diagnostics", "f"], "output_path", "--serialize-diagnostics f"),
    (GCC + ["-save-temps"], "output_path", "-save-temps"),
    (GCC + ["@{outside}/args"], "response_file", "@{outside}/args"),
]

LANGUAGES = [
    (["clang", "-c", "-x", "cuda", "x.c", "-o", "x.o"], "language", "-x cuda"),
    (["clang", "-c", "-x", "cl", "x.c", "-o", "x.o"], "language", "-x cl"),
    (["gcc", "-c", "-x", "go", "x.c", "-o", "x.o"], "language", "-x go"),
    (["clang", "-c", "-o", "c.o", "-xcuda", "c.c"], "language", "-xcuda"),
    (["clang", "-c", "-x", "hip", "x.c", "-o", "x.o"], "not_distributable", "clang -c -x hip"),
    (["gcc", "-c", "-x", "assembler-with-cpp", "x.c", "-o", "x.o"], "not_distributable", "gcc -c -x assembler"),
]

SHAPES = [
    (GCC + ["-Xclang", "-fno-pch-timestamp"], "unknown_option", "-Xclang"),  # gcc has no -Xclang
    (GCC + ["--frobnicate"], "unknown_option", "--frobnicate"),
    (GCC + ["-fsanitize={outside}"], "value", "-fsanitize="),
    (CLANG + ["-target", "{outside}/t"], "value", "-target {outside}/t"),
    (GCC + ["stray.txt"], "operand", "stray.txt"),
    (GCC + ["-Wl,-rpath,{outside}"], "link", "-Wl,-rpath,"),
    (GCC + ["-Xlinker", "--wrap=x"], "link", "-Xlinker --wrap=x"),
    (["cc", "-c", "x.c", "-o", "x.o", "--sysroot={outside}"], "program", "--sysroot="),  # cc may be clang
]


def ids(cases):
    return [f"{c[1]}:{' '.join(c[0][5:] or c[0][1:])[:40]}" for c in cases]


@pytest.mark.parametrize("argv,rule,argument", CLANG_CHAINS, ids=ids(CLANG_CHAINS))
def test_code_execution_is_refused(scratch, daemon, outside, argv, rule, argument):
    # The input is a shell script and an ELF-looking blob alike: were it ever loaded or
    # run, the marker would appear.
    probe(daemon, scratch, outside, argv, rule, argument, source=f"#!/bin/sh\ntouch {outside}/ran\n".encode())


@pytest.mark.parametrize("argv,rule,argument", WRITERS, ids=ids(WRITERS))
def test_file_writing_options_are_refused(scratch, daemon, outside, argv, rule, argument):
    probe(daemon, scratch, outside, argv, rule, argument)
    assert os.listdir(outside) == ["evil.sh"]


@pytest.mark.parametrize("argv,rule,argument", LANGUAGES, ids=ids(LANGUAGES))
def test_only_c_family_languages_are_compiled(scratch, daemon, outside, argv, rule, argument):
    probe(daemon, scratch, outside, argv, rule, argument)


@pytest.mark.parametrize("argv,rule,argument", SHAPES, ids=ids(SHAPES))
def test_unknown_options_and_shapes_are_refused(scratch, daemon, outside, argv, rule, argument):
    probe(daemon, scratch, outside, argv, rule, argument)


def test_a_refused_argument_cannot_forge_a_log_line(scratch, daemon, outside):
    probe(daemon, scratch, outside, GCC + ["--x\nrefused job from 10.0.0.1: forged"], "unknown_option", "--x")
    lines = daemon.log_text().splitlines()
    assert not any(line.startswith("refused job from 10.0.0.1") for line in lines), lines


COMMON_FLAGS = ["-O2", "-g", "-Wall", "-Wextra", "-fPIC", "-std=c11", "-MD", "-MP", "-MF", "unit.d", "-DNDEBUG",
                "-I.", "-Iinclude", "-fstack-protector-strong", "-ffunction-sections", "-fdata-sections",
                "-fno-omit-frame-pointer", "-pipe", "-fdiagnostics-color=never", "-D_FORTIFY_SOURCE=2",
                "-Wa,--noexecstack", "-fvisibility=hidden", "-ffile-prefix-map=/src=."]


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_real_compiles_with_common_flags_still_go_remote(scratch, daemon, compiler):
    if not shutil.which(compiler):
        pytest.skip(f"{compiler} is not installed")
    work = os.path.join(scratch, "work")
    clientrun.write(os.path.join(work, "include", "unit.h"), "int unit(int);\n")
    clientrun.write(os.path.join(work, "unit.c"), '#include "unit.h"\nint unit(int n) { return n * 3; }\n')
    flags = COMMON_FLAGS + (["-fsanitize=undefined", "-gdwarf-4"] if compiler == "clang" else ["-fno-tree-vrp"])
    env = clean_client_env(scratch, hosts=daemon.host_spec(), DISTCC_FALLBACK=0)
    r = clientrun.distcc([compiler, *flags, "-c", "unit.c", "-o", "unit.o"], env, work)
    assert r.returncode == 0, r.stderr
    assert "running locally" not in r.stderr, r.stderr
    assert os.path.exists(os.path.join(work, "unit.o"))
    assert len(daemon.summaries_in("COMPILE_OK", expected=1)) == 1, daemon.log_text()


def own_compile_words(target, source):
    """This build's compile command for `target` as `make V=1` prints it (make -n: nothing
    runs), split into words, with the source path made absolute."""
    # -W names the source as make does: relative to the build directory (VPATH).
    # -W must name the source as the Makefile does: $(srcdir)/..., and srcdir is what
    # configure was started as (relative in a developer's build, absolute in CI's).
    with open(os.path.join(paths.TOP_BUILDDIR, "Makefile")) as f:
        srcdir = re.search(r"^srcdir = (.*)$", f.read(), re.M).group(1).strip()
    changed = os.path.join(srcdir, source)
    r = subprocess.run(["make", "-n", "V=1", "-W", changed, target],
                       cwd=paths.TOP_BUILDDIR, capture_output=True, text=True, timeout=120)
    lines = [line for line in r.stdout.splitlines() if " -c " in line and " -o " in line]
    assert r.returncode == 0 and lines, f"make -n printed no compile command for {target}: {r.stdout}{r.stderr}"
    line = re.sub(r"`test -f '[^']*' \|\| echo '[^']*'`", lambda _: paths.TOP_SRCDIR + "/", lines[0])
    line = line.replace("$depbase", "deps").rstrip("\\ ").removesuffix("&&").strip()
    words = shlex.split(line)
    while words and words[0] in ("ccache", "env"):
        words.pop(0)
    return words


@pytest.mark.parametrize("target,source", [
    ("src/common/strings.o", "src/common/strings.cpp"),
    ("test/unit/common/unit_common-strings_test.o", "test/unit/common/strings_test.cpp"),
])
def test_this_projects_own_compiles_go_remote(scratch, daemon, target, source):
    words = own_compile_words(target, source)
    assert "-c" in words and "-o" in words, words
    # Outputs go to the scratch directory; everything else is the build's own.
    words[words.index("-o") + 1] = os.path.join(scratch, "own.o")
    if "-MF" in words:
        words[words.index("-MF") + 1] = os.path.join(scratch, "own.Tpo")
    env = clean_client_env(scratch, hosts=daemon.host_spec(), DISTCC_FALLBACK=0)
    r = clientrun.distcc(words, env, paths.TOP_BUILDDIR, timeout=300)
    assert r.returncode == 0, (words, r.stderr)
    assert "running locally" not in r.stderr, r.stderr
    assert len(daemon.summaries_in("COMPILE_OK", expected=1, timeout=30)) == 1, daemon.log_text()


def test_our_client_names_the_refused_option_and_compiles_locally(scratch, daemon):
    work = os.path.join(scratch, "work")
    clientrun.write(os.path.join(work, "unit.c"), "int unit(int n) { return n * 3; }\n")
    env = clean_client_env(scratch, hosts=daemon.host_spec())
    r = clientrun.distcc(["gcc", "-save-temps", "-c", "unit.c", "-o", "unit.o"], env, work)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(work, "unit.o"))
    lines = clientrun.messages(r.stderr)
    assert any(line.startswith("Warning: failed to distribute unit.c to ") and
               "distccd's argument policy refuses \"-save-temps\"" in line for line in lines), r.stderr
    assert "connection from" not in daemon.log_text(), "the client did not bother the server"
    assert os.listdir(os.path.join(scratch, "distcc-dir", "lock")) == [] or not any(
        n.startswith("backoff_") for n in os.listdir(os.path.join(scratch, "distcc-dir", "lock"))), \
        "the host is not backed off"
