"""warning_corpus -- one source of test/fixtures/trees/faithful compiled locally and
through distcc, for the warning-faithful plain mode (doc/client.md §9.1).

Used by test/integration/test_faithful_preprocessing.py (our daemon) and
test/interop/test_faithful_interop.py (Debian's distccd 3.4).  Both compiles write the
same output path (moved away in between) so .d files and DW_AT_name compare as they
are; the distributed one runs with DISTCC_FALLBACK=0 and DISTCC_SKIP_LOCAL_RETRY=1, so
what it prints and returns is the server's compiler's, never a local recompile's.
"""
import collections
import os
import shutil

from . import objects, outputs, paths, procs

SOURCES = ("corpus.c", "clean.c", "misleading.c")
# -Werror turns every warning into the verdict that must not change; -Wsystem-headers
# -Wshadow reach into sys/syshdr.h (clean.c is clean without them).
FLAG_SETS = {
    "warn": ["-O2", "-g", "-Wall", "-Wextra"],
    "werror": ["-O2", "-g", "-Wall", "-Wextra", "-Werror"],
    "system": ["-O2", "-g", "-Wall", "-Wextra", "-Wsystem-headers", "-Wshadow", "-Werror"],
}

Result = collections.namedtuple("Result", "returncode stderr object dotd")


def compile_argv(compiler, source, flags):
    stem = source.rsplit(".", 1)[0]
    return [compiler, *flags, "-isystem", "sys", "-MD", "-c", source, "-o", f"out/{stem}.o"]


def _collect(tree, argv, r, keep_as):
    """Move the outputs of one compile to keep_as.o/.d; a Result."""
    obj = os.path.join(tree, argv[-1])
    dotd = obj[:-2] + ".d"
    kept_obj = kept_dotd = None
    if os.path.exists(obj):
        kept_obj = f"{keep_as}.o"
        shutil.move(obj, kept_obj)
    if os.path.exists(dotd):
        kept_dotd = f"{keep_as}.d"
        shutil.move(dotd, kept_dotd)
    return Result(r.returncode, r.stderr, kept_obj, kept_dotd)


def compile_both(tree, compiler, source, flags, env, client=None):
    """(local Result, distributed Result) of one source of the corpus tree."""
    argv = compile_argv(compiler, source, flags)
    os.makedirs(os.path.join(tree, "out"), exist_ok=True)
    base = os.path.join(tree, "kept", f"{compiler}-{source}-{'-'.join(flags)}")
    os.makedirs(os.path.dirname(base), exist_ok=True)
    local = _collect(tree, argv, procs.run(argv, cwd=tree, timeout=120), base + ".local")
    dist_env = dict(env, DISTCC_FALLBACK="0", DISTCC_SKIP_LOCAL_RETRY="1")
    r = procs.run([client or paths.OUR_DISTCC, *argv], cwd=tree, env=dist_env, timeout=120)
    return local, _collect(tree, argv, r, base + ".dist")


def comp_dir(obj):
    """The DW_AT_comp_dir lines of an object's DWARF."""
    info = procs.run(["readelf", "--debug-dump=info", obj], timeout=60, check=True).stdout
    return [l.split(":")[-1].strip() for l in info.splitlines() if "DW_AT_comp_dir" in l]


def allowed_steps(compiler):
    """The normalisation steps of outputs.diagnostics_verdict faithful mode may need:
    gcc quotes source lines by reading the file, which the server's gcc cannot open
    (it compiles in its job directory); clang quotes from the text it compiled."""
    return {"client-lines", "excerpts"} if not compiler.startswith("clang") else {"client-lines"}


def _in_macro_definition(tree, location):
    """True when a "file:line:col: " location points into a #define line of `tree`."""
    m = outputs.LOCATION.match(location)
    if not m:
        return False
    try:
        with open(os.path.join(tree, m["file"]), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return False
    n = int(m["line"])
    # the first line of a definition continued with backslashes
    while n > 1 and lines[n - 2].endswith("\\"):
        n -= 1
    return 0 < n <= len(lines) and lines[n - 1].lstrip().startswith("#define")


def diagnostics_differences(local, dist, compiler, tree):
    """Lines of the two stderr texts, after allowed_steps, that differ other than in
    the column of a location inside a macro definition: gcc -E -fdirectives-only
    writes each #define back in canonical spacing ("LESS(a,b)" for "LESS(a, b)"),
    which moves the columns of what the server reports in macro bodies."""
    steps = tuple(allowed_steps(compiler))
    a = outputs.normalise(local, steps).splitlines()
    b = outputs.normalise(dist, steps).splitlines()
    if len(a) != len(b):
        return list(zip(a, b)) or [(local, dist)]
    differ = []
    for x, y in zip(a, b):
        if x == y:
            continue
        mx, my = outputs.LOCATION.match(x), outputs.LOCATION.match(y)
        if (compiler.startswith("clang") or not mx or not my or mx["file"] != my["file"]
                or mx["line"] != my["line"] or x[mx.end():] != y[my.end():] or not _in_macro_definition(tree, x)):
            differ.append((x, y))
    return differ


def assert_faithful(local, dist, compiler, tree):
    """Same exit status, diagnostics equal up to allowed_steps and macro-body columns
    (diagnostics_differences), the same .d file, and the object identical (gcc: up to
    DW_AT_producer, which records the server's -fdirectives-only).  Returns the
    diagnostics verdict of outputs.diagnostics_verdict."""
    assert dist.returncode == local.returncode, (local.stderr, dist.stderr)
    differ = diagnostics_differences(local.stderr, dist.stderr, compiler, tree)
    assert differ == [], f"{differ}\n--- local\n{local.stderr}\n--- distributed\n{dist.stderr}"
    verdict = outputs.diagnostics_verdict(dist.stderr, local.stderr)
    assert [l for l in dist.stderr.splitlines() if outputs.CLIENT_LINE.match(l)] == [], dist.stderr
    if local.returncode == 0:
        assert objects.read(dist.dotd) == objects.read(local.dotd)
        if compiler.startswith("clang"):
            # clang records the MD5 of the main file it read in the DWARF 5 line table
            # only when that file is the source, not a .i (full mode alike); code,
            # data and the compilation directory must match.
            verdict_obj, _sections = objects.compare(dist.object, local.object)
            assert verdict_obj in ("identical", "debug-only"), verdict_obj
            assert comp_dir(dist.object) == comp_dir(local.object)
        else:
            assert objects.compare_modulo_producer(dist.object, local.object), \
                objects.compare(dist.object, local.object)
    return verdict
