"""Side outputs and declared extra inputs over the extension of doc/protocol.md §16,
our client against our distccd: -gsplit-dwarf (.dwo), -fstack-usage (.su), clang
-ftime-trace (.json); gcc -fprofile-use (bare and =DIR), clang -fprofile-instr-use=,
-fsanitize-ignorelist=; gcc --coverage with the .gcno (§16.6).  Every file is compared
with a local compile in the same directory (same DW_AT_comp_dir), the .dwo name
recorded in the object too; one probe serves every job; a job that cannot use the
extension runs locally and says why."""
import json
import os
import re
import shutil
import subprocess

import pytest

from dcctest import daemontest, objects, paths, procs
from dcctest.fixtures import clean_client_env

pytestmark = [
    pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built"),
    pytest.mark.skipif(not paths.tool("gcc"), reason="gcc not installed"),
]

SOURCE = """\
int table[4] = {1, 2, 3, 4};
int f(int x) { return x > 2 ? table[x & 3] * x : x - 1; }
int main(void) { int s = 0; for (int i = 0; i < 100; i++) s += f(i); return s == 7; }
"""


def run(cmd, cwd, env=None):
    r = procs.run(cmd, cwd=cwd, env=env, timeout=120)
    assert r.returncode == 0, f"{cmd}: {r.stderr}"
    return r


def read(path):
    with open(path, "rb") as f:
        return f.read()


def dwo_names(obj):
    r = subprocess.run(["readelf", "--debug-dump=info", obj], capture_output=True, text=True)
    return [line.split(":")[-1].strip() for line in r.stdout.splitlines() if "dwo_name" in line]


def distributed_and_local(work, env, compiler, flags, suffixes):
    """Compile sub/t.o with distcc, keep its files, compile locally in the same
    directory; return {suffix: (distributed bytes, local bytes)} and distcc's stderr."""
    cmd = [compiler] + flags + ["-c", "t.c", "-o", "sub/t.o"]
    r = run([paths.OUR_DISTCC] + cmd, work, env)
    got = {s: read(os.path.join(work, "sub", "t" + s)) for s in suffixes}
    for s in suffixes:
        os.unlink(os.path.join(work, "sub", "t" + s))
    run(cmd, work)
    return {s: (got[s], read(os.path.join(work, "sub", "t" + s))) for s in suffixes}, r.stderr


def test_climbing_output(scratch, our_daemon):
    """An output word with ".." (doc/protocol.md §16.7 item 3): the daemon runs the
    job in a nested directory, so the .dwo (named in the object after the output
    word) and a coverage note come back byte-identical to a local compile's."""
    work = os.path.join(scratch, "proj", "work")
    os.makedirs(work)
    os.makedirs(os.path.join(scratch, "proj", "x"))
    with open(os.path.join(work, "t.c"), "w") as f:
        f.write(SOURCE)
    env = clean_client_env(scratch, hosts=our_daemon.host_spec("/2"), DISTCC_VERBOSE="1")
    cases = [("gcc", ["-O2", "-g", "-gsplit-dwarf"], [".o", ".dwo"]),
             ("gcc", ["-O1", "-frandom-seed=x", "--coverage"], [".o", ".gcno"])]
    if paths.tool("clang"):
        cases.append(("clang", ["-O1", "--coverage"], [".o", ".gcno"]))
    for compiler, flags, suffixes in cases:
        cmd = [compiler] + flags + ["-c", "t.c", "-o", "../x/t.o"]
        outputs = [os.path.join(scratch, "proj", "x", "t" + s) for s in suffixes]
        r = run([paths.OUR_DISTCC] + cmd, work, env)
        assert "running locally" not in r.stderr, r.stderr
        got = [read(p) for p in outputs]
        for p in outputs:
            os.unlink(p)
        run(cmd, work)
        for p, data in zip(outputs, got):
            assert data == read(p), f"{compiler} {flags}: {p} differs from a local compile"
        if ".dwo" in suffixes:
            assert dwo_names(outputs[0]) == ["../x/t.dwo"]
    assert len(our_daemon.summaries_in("COMPILE_OK", expected=len(cases))) == len(cases)
    assert not [p for p in our_daemon.leftover_temp_files() if "xcwd" in p]


def test_side_outputs_and_extra_inputs(scratch, our_daemon):
    work = os.path.join(scratch, "work")
    os.makedirs(os.path.join(work, "sub"))
    with open(os.path.join(work, "t.c"), "w") as f:
        f.write(SOURCE)
    env = clean_client_env(scratch, hosts=our_daemon.host_spec("/2,lzo"), DISTCC_VERBOSE="1")

    # gcc: object, .dwo and .su byte-identical to a local compile; the recorded .dwo name.
    files, err = distributed_and_local(work, env, "gcc", ["-O2", "-g", "-gsplit-dwarf", "-fstack-usage"],
                                       [".o", ".dwo", ".su"])
    assert "running locally" not in err, err
    for suffix, (got, want) in files.items():
        assert got == want, f"gcc {suffix} differs from a local compile"
    assert dwo_names(os.path.join(work, "sub", "t.o")) == ["sub/t.dwo"]

    # gcc -fprofile-use, bare (sub/t.gcda) and =DIR (gcc's mangled name in DIR).
    run(["gcc", "-O2", "-fprofile-generate", "t.c", "-o", "t"], work)
    run(["./t"], work)
    profile = [p for p in os.listdir(work) if p.endswith(".gcda")]
    assert profile, os.listdir(work)
    shutil.copy(os.path.join(work, profile[0]), os.path.join(work, "sub", "t.gcda"))
    os.makedirs(os.path.join(work, "prof"))
    mangled = os.path.join(work, "sub", "t").replace("/", "#") + ".gcda"
    shutil.copy(os.path.join(work, profile[0]), os.path.join(work, "prof", mangled))
    run(["gcc", "-O2", "-c", "t.c", "-o", "sub/plain.o"], work)
    for flag in ["-fprofile-use", "-fprofile-use=prof"]:
        files, err = distributed_and_local(work, env, "gcc", ["-O2", flag, "-Wmissing-profile"], [".o"])
        assert "running locally" not in err and "not found" not in err, err
        assert files[".o"][0] == files[".o"][1], f"gcc {flag}: object differs"
        assert files[".o"][0] != read(os.path.join(work, "sub", "plain.o")), "profile not used"

    # A missing declared input: local, with the reason.
    os.unlink(os.path.join(work, "sub", "t.gcda"))
    r = run([paths.OUR_DISTCC, "gcc", "-O2", "-fprofile-use", "-c", "t.c", "-o", "sub/t.o"], work, env)
    assert "declared input sub/t.gcda" in r.stderr, r.stderr

    # An absolute output path cannot keep the recorded .dwo name: local, with the reason.
    r = run([paths.OUR_DISTCC, "gcc", "-g", "-gsplit-dwarf", "-c", "t.c", "-o", os.path.join(work, "abs.o")],
            work, env)
    assert "output path is absolute" in r.stderr, r.stderr
    assert os.path.exists(os.path.join(work, "abs.dwo"))

    if paths.tool("clang"):
        files, err = distributed_and_local(work, env, "clang", ["-O1", "-g", "-gsplit-dwarf", "-ftime-trace"],
                                           [".o", ".dwo", ".json"])
        assert "running locally" not in err, err
        json.loads(files[".json"][0])
        with open(os.path.join(work, "sub", "t.o"), "wb") as f:
            f.write(files[".o"][0])
        assert set(dwo_names(os.path.join(work, "sub", "t.o"))) == {"sub/t.dwo"}
        with open(os.path.join(work, "ign.txt"), "w") as f:
            f.write("fun:f\n")
        files, err = distributed_and_local(work, env, "clang",
                                           ["-O1", "-fsanitize=address", "-fsanitize-ignorelist=ign.txt"], [".o"])
        assert "running locally" not in err, err
        assert files[".o"][0] == files[".o"][1], "clang -fsanitize-ignorelist: object differs"
        profdata = paths.tool("llvm-profdata") or paths.tool("llvm-profdata-14")
        if profdata:
            run(["clang", "-O2", "-fprofile-instr-generate", "t.c", "-o", "tc"], work)
            run(["env", "LLVM_PROFILE_FILE=t.profraw", "./tc"], work)
            run([profdata, "merge", "-o", "t.profdata", "t.profraw"], work)
            files, err = distributed_and_local(work, env, "clang", ["-O2", "-fprofile-instr-use=t.profdata"], [".o"])
            assert "running locally" not in err, err
            assert files[".o"][0] == files[".o"][1], "clang -fprofile-instr-use: object differs"

    # One probe served every job; the answer is cached in the lock directory.
    log = our_daemon.log_text()
    assert log.count("answered a capability probe") == 1, log
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    assert any(n.startswith("xcap7_") for n in os.listdir(lock_dir)), os.listdir(lock_dir)
    # Nothing of a job is left in the daemon's work directories.
    assert not [p for p in our_daemon.leftover_temp_files() if "xcwd" in p or "/xin" in p]


def gcov_report(work, env=None):
    """Build sub/t.o into ./t, run it once, and return gcov's report of t.c."""
    for stale in ("sub/t.gcda", "t.c.gcov"):
        if os.path.exists(os.path.join(work, stale)):
            os.unlink(os.path.join(work, stale))
    run(["gcc", "--coverage", "sub/t.o", "-o", "t"], work)
    subprocess.run(["./t"], cwd=work, timeout=60)
    run(["gcov", "-o", "sub", "t.c"], work)
    return read(os.path.join(work, "t.c.gcov"))


# A gcc whose coverage notes carry gcc 13.1's version word ("B31*"): a format the
# daemon does not rewrite (doc/protocol.md §16.6).
OTHER_GCNO_GCC = """#!/bin/sh
/usr/bin/gcc "$@" || exit $?
for a in "$@"; do case "$a" in -fprofile-note=*) note=${a#-fprofile-note=} ;; esac; done
if [ -n "$note" ]; then printf '*13B' | dd of="$note" bs=1 seek=4 conv=notrunc 2>/dev/null; fi
exit 0
"""


def test_unserved_coverage_format(scratch):
    """A note the daemon cannot rewrite (doc/protocol.md §16.2 reply_x_unserved): the
    client compiles locally naming the daemon's reason and does not back the host
    off, so the next job goes to it again."""
    bindir = os.path.join(scratch, "bin")
    os.makedirs(bindir)
    os.chmod(bindir, 0o755)
    # The client sends gcc by its target-qualified name (doc/client.md §5).
    triple = run(["gcc", "-dumpmachine"], scratch).stdout.strip()
    wrappers = [os.path.join(bindir, name) for name in ("gcc", f"{triple}-gcc")]
    for wrapper in wrappers:
        with open(wrapper, "w") as f:
            f.write(OTHER_GCNO_GCC)
        os.chmod(wrapper, 0o755)
    work = os.path.join(scratch, "work")
    os.makedirs(os.path.join(work, "sub"))
    with open(os.path.join(work, "t.c"), "w") as f:
        f.write(SOURCE)
    daemon_env = daemontest.cmdlist_env(scratch, wrappers)
    with daemontest.our_daemon_for(scratch, env=daemon_env) as daemon:
        env = clean_client_env(scratch, hosts=daemon.host_spec("/2"))
        for _ in range(2):
            files, err = distributed_and_local(work, env, "gcc", ["-O1", "-frandom-seed=x", "--coverage"],
                                               [".o", ".gcno"])
            assert "running locally instead: distccd: cannot serve this job's side outputs" in err, err
            assert "is not gcc 12's" in err, err
            for suffix, (got, want) in files.items():
                assert got == want, f"{suffix} differs from a local compile"
        lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
        assert not [n for n in os.listdir(lock_dir) if n.startswith("backoff_")], os.listdir(lock_dir)
        assert daemon.log_text().count("cannot serve this job's side outputs") == 2, daemon.log_text()


def test_gcc_coverage(scratch, our_daemon):
    """--coverage (doc/protocol.md §16.6): the object names the client's .gcda and the
    .gcno records the client's directory, so with a fixed -frandom-seed both are
    byte-identical to a local compile; without it gcov reports the same."""
    work = os.path.join(scratch, "work")
    os.makedirs(os.path.join(work, "sub"))
    with open(os.path.join(work, "t.c"), "w") as f:
        f.write(SOURCE)
    env = clean_client_env(scratch, hosts=our_daemon.host_spec("/2"), DISTCC_VERBOSE="1")

    for flags in (["--coverage"], ["-fprofile-arcs"]):
        suffixes = [".o", ".gcno"] if flags == ["--coverage"] else [".o"]
        files, err = distributed_and_local(work, env, "gcc", ["-O1", "-frandom-seed=x"] + flags, suffixes)
        assert "running locally" not in err, err
        for suffix, (got, want) in files.items():
            assert got == want, f"gcc {flags} {suffix} differs from a local compile"
        assert os.path.join(work, "sub", "t.gcda").encode() in files[".o"][0]

    # -g: the note identical; the object differs only in DW_AT_producer, where the
    # server's gcc records -fprofile-note=sub/t.gcno.
    files, err = distributed_and_local(work, env, "gcc", ["-g", "-frandom-seed=x", "--coverage"], [".o", ".gcno"])
    assert "running locally" not in err, err
    assert files[".gcno"][0] == files[".gcno"][1]
    for name, data in (("remote.o", files[".o"][0]), ("local.o", files[".o"][1])):
        with open(os.path.join(work, name), "wb") as f:
            f.write(data)
    remote, local = os.path.join(work, "remote.o"), os.path.join(work, "local.o")
    assert objects.compare_modulo_producer(remote, local)
    assert b"-fprofile-note=sub/t.gcno" in files[".o"][0] and b"-fprofile-note" not in files[".o"][1]

    # Unseeded: the stamps differ, the coverage report does not.
    run([paths.OUR_DISTCC, "gcc", "-g", "-O0", "--coverage", "-c", "t.c", "-o", "sub/t.o"], work, env)
    distributed = gcov_report(work)
    run(["gcc", "-g", "-O0", "--coverage", "-c", "t.c", "-o", "sub/t.o"], work)
    assert distributed == gcov_report(work)
    assert b"Runs:1" in distributed and re.search(rb"^ +100: +2:", distributed, re.M), distributed

    # Reached through a symbolic link with $PWD naming it, gcc records the link's name;
    # so does the distributed compile (doc/client.md §20).
    link = os.path.join(scratch, "link")
    os.symlink(work, link)
    seeded = ["gcc", "-frandom-seed=x", "--coverage", "-c", "t.c", "-o", "sub/t.o"]
    r = run([paths.OUR_DISTCC] + seeded, link, dict(env, PWD=link))
    assert "running locally" not in r.stderr, r.stderr
    got = {s: read(os.path.join(work, "sub", "t" + s)) for s in (".o", ".gcno")}
    run(seeded, link, dict(os.environ, PWD=link))
    for suffix, data in got.items():
        assert data == read(os.path.join(work, "sub", "t" + suffix)), f"through the link: {suffix} differs"
    assert os.path.join(link, "sub", "t.gcda").encode() in got[".o"]

    # What else gcc would name after the object stays local, with the reason.
    r = run([paths.OUR_DISTCC, "gcc", "--coverage", "-fstack-usage", "-c", "t.c", "-o", "sub/t.o"], work, env)
    assert "coverage together with -fstack-usage" in r.stderr, r.stderr
    assert our_daemon.log_text().count("answered a capability probe") == 1
    assert not [p for p in our_daemon.leftover_temp_files() if "xcwd" in p]


CLANG_MAIN = """\
#include "inc/h.h"
#include "../up.h"
#include "ah.h"
int f(int x) { return x > 2 ? hf(x) + uf(x) : af(x) - 1; }
int main(void) { int s = 0; for (int i = 0; i < 100; i++) s += f(i); return s == 7; }
"""


@pytest.mark.skipif(not paths.tool("clang") or not paths.tool("llvm-cov"), reason="clang or llvm-cov not installed")
def test_clang_coverage(scratch, our_daemon):
    """clang --coverage (doc/protocol.md §16.7): the daemon makes an empty placeholder
    for each relative line-marker name, so the note names sources as a local compile
    does -- headers with inline functions through ./, ../ (the job runs in a nested
    directory) and an absolute path -- and the object names the client's .gcda."""
    work = os.path.join(scratch, "proj", "work")
    absinc = os.path.join(scratch, "absinc")
    for d in (os.path.join(work, "sub"), os.path.join(work, "inc"), absinc):
        os.makedirs(d)
    for path, text in ((os.path.join(work, "t.c"), CLANG_MAIN),
                       (os.path.join(work, "inc", "h.h"), "static inline int hf(int x) { return x * 3; }\n"),
                       (os.path.join(scratch, "proj", "up.h"), "static inline int uf(int x) { return x ^ 5; }\n"),
                       (os.path.join(absinc, "ah.h"), "static inline int af(int x) { return x + 7; }\n")):
        with open(path, "w") as f:
            f.write(text)
    env = clean_client_env(scratch, hosts=our_daemon.host_spec("/2"), DISTCC_VERBOSE="1")
    flags = ["-O1", "-I" + absinc]

    for mode in ("faithful", "full"):
        menv = dict(env, DISTCC_PREPROCESS=mode)
        files, err = distributed_and_local(work, menv, "clang", flags + ["--coverage"], [".o", ".gcno"])
        assert "running locally" not in err, err
        for suffix, (got, want) in files.items():
            assert got == want, f"clang --coverage ({mode}) {suffix} differs from a local compile"
        note = files[".gcno"][0]
        assert b"./inc/h.h" in note and b"./../up.h" in note and os.path.join(absinc, "ah.h").encode() in note
        assert work.encode() not in note.replace(os.path.join(work, "sub").encode(), b"")
        assert os.path.join(work, "sub", "t.gcda").encode() in files[".o"][0]
    files, err = distributed_and_local(work, env, "clang", flags + ["-fprofile-arcs"], [".o"])
    assert "running locally" not in err, err
    assert files[".o"][0] == files[".o"][1], "clang -fprofile-arcs: object differs"

    # llvm-cov reports the same for a run of the distributed and of the local build.
    def report(distributed):
        cmd = ["clang"] + flags + ["--coverage", "-c", "t.c", "-o", "sub/t.o"]
        run(([paths.OUR_DISTCC] if distributed else []) + cmd, work, env)
        for stale in ("sub/t.gcda", "t.c.gcov"):
            if os.path.exists(os.path.join(work, stale)):
                os.unlink(os.path.join(work, stale))
        run(["clang", "--coverage", "sub/t.o", "-o", "t"], work)
        subprocess.run(["./t"], cwd=work, timeout=60)
        run([paths.tool("llvm-cov"), "gcov", "-o", "sub", "t.c"], work)
        return {n: read(os.path.join(work, n)) for n in sorted(os.listdir(work)) if n.endswith(".gcov")}
    distributed = report(True)
    assert distributed == report(False)
    assert re.search(rb"^ +100: +4:", distributed["t.c.gcov"], re.M), distributed["t.c.gcov"]

    # More line-marker names than the daemon prepares placeholders for: it answers
    # reply_x_unserved, the client compiles locally naming why, no backoff.
    with open(os.path.join(work, "many.c"), "w") as f:
        f.write("".join(f'#line 1 "gen/f{i}.y"\nstatic int v{i};\n' for i in range(4100)) + "int main(void) {}\n")
    r = run([paths.OUR_DISTCC, "clang", "--coverage", "-c", "many.c", "-o", "sub/many.o"], work, env)
    assert "cannot serve this job's side outputs: the line markers name more than 4096 sources" in r.stderr, r.stderr
    assert os.path.exists(os.path.join(work, "sub", "many.gcno"))

    log = our_daemon.log_text()
    assert log.count("answered a capability probe") == 1, log
    lock = os.listdir(os.path.join(env["DISTCC_DIR"], "lock"))
    assert any(n.startswith("xcap7_") for n in lock) and not any(n.startswith("backoff_") for n in lock), lock
    assert not [p for p in our_daemon.leftover_temp_files() if "xcwd" in p]
