"""Debian's distcc 3.4 client building through our distccd (issue 4's "done when"):
the mixed C/C++ sample tree and a macro-free tree over TCP, LZO and ssh, every object
compared with a local build of the same tree; compile errors come back with the
compiler's diagnostics and exit code; no temp file is left behind."""
import os
import shutil
import subprocess

import pytest

from dcctest import daemontest, objects, paths, procs, trees
from dcctest.fixtures import clean_client_env
from dcctest.sshd import Sshd

pytestmark = [
    pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built"),
    pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed"),
]

MODES = ["tcp", "lzo", "ssh"]

MACRO_FREE_UNIT = """\
static int table_{u}[8] = {{ {u}, 1, 2, 3, 5, 8, 13, 21 }};

int unit_{u}(int n)
{{
    int acc = {u};
    for (int i = 0; i < n; i++)
        acc = acc * 31 + table_{u}[i % 8];
    return acc;
}}
"""

MACRO_FREE_MAKEFILE = """\
CC = gcc
CFLAGS = -O2 -g
OBJS = {objs}
all: $(OBJS)
%.o: %.c
\t$(CC) $(CFLAGS) -c $< -o $@
clean:
\trm -f $(OBJS)
"""


def macro_free_tree(dest, units=5):
    os.makedirs(dest)
    for u in range(units):
        with open(os.path.join(dest, f"unit{u}.c"), "w") as f:
            f.write(MACRO_FREE_UNIT.format(u=u))
    with open(os.path.join(dest, "Makefile"), "w") as f:
        f.write(MACRO_FREE_MAKEFILE.format(objs=" ".join(f"unit{u}.o" for u in range(units))))
    return dest


@pytest.fixture
def daemon(scratch):
    d = daemontest.our_daemon_for(scratch, jobs=4)
    yield d
    d.stop()


def client_env(scratch, daemon, mode, stack):
    """Client environment for a mode; ssh starts an OpenSSH server running our distccd."""
    if mode == "tcp":
        return clean_client_env(scratch, hosts=daemon.host_spec("/4"))
    if mode == "lzo":
        return clean_client_env(scratch, hosts=daemon.host_spec("/4,lzo"))
    if not Sshd.available():
        pytest.skip("OpenSSH server not installed (apt-get install openssh-server)")
    server = Sshd(scratch).start()
    stack.append(server)
    probe = server.run("true")
    if probe.returncode != 0:  # e.g. an account whose shell is nologin
        pytest.skip(f"cannot log in over ssh as this user: {probe.stderr.strip()[:200]}")
    return clean_client_env(scratch, hosts=f"@127.0.0.1/4:{paths.OUR_DISTCCD}", DISTCC_SSH=server.ssh_command)


def debian_make_args():
    return [f"CC={paths.DEBIAN_DISTCC} gcc", f"CXX={paths.DEBIAN_DISTCC} g++"]


def build(scratch, daemon, mode, tree, allow_debug_columns):
    stack = []
    try:
        env = client_env(scratch, daemon, mode, stack)
        # Without fallbacks a job that did not run on our daemon fails the build.
        env["DISTCC_FALLBACK"] = "0"
        local, dist, r = trees.build_local_then_distributed(tree, debian_make_args(), env)
        assert r.returncode == 0, r.stdout + r.stderr
        objs = trees.object_files(local)
        assert objs and objs == trees.object_files(dist)
        return {rel: objects.assert_same_object(os.path.join(dist, rel), os.path.join(local, rel),
                                                allow_debug_columns=allow_debug_columns) for rel in objs}
    finally:
        for server in stack:
            server.stop()


@pytest.mark.parametrize("mode", MODES)
def test_mixed_tree_through_our_daemon(scratch, daemon, mode):
    tree = trees.copy_tree("mixed", os.path.join(scratch, "tree"))
    verdicts = build(scratch, daemon, mode, tree, allow_debug_columns=True)
    assert len(verdicts) == 7
    if mode != "ssh":  # over ssh every job is its own daemon process logging to syslog
        jobs = daemontest.wait_for_summaries(daemon, 7)
        assert [j["category"] for j in jobs] == ["COMPILE_OK"] * 7
    assert daemontest.job_leftovers(daemon) == []
    assert daemontest.stopped_clean(daemon) == []


def test_objects_equal_those_of_debians_daemon(scratch, daemon, debian_daemon):
    """Plain mode's column differences come from the client's preprocessing: the same
    client through Debian's daemon and through ours gives the same bytes."""
    tree = trees.copy_tree("mixed", os.path.join(scratch, "tree"))
    results = []
    for which, d in (("ours", daemon), ("debian", debian_daemon)):
        env = clean_client_env(scratch, hosts=d.host_spec("/4"), DISTCC_FALLBACK="0")
        assert trees.make(tree, ["clean"]).returncode == 0
        r = trees.make(tree, debian_make_args(), env=env)
        assert r.returncode == 0, r.stderr
        results.append(trees.collect_outputs(tree, os.path.join(scratch, which)))
    objs = trees.object_files(results[0])
    assert len(objs) == 7
    for rel in objs:
        ours, theirs = (objects.read(os.path.join(t, rel)) for t in results)
        assert ours == theirs, rel


@pytest.mark.parametrize("mode", MODES)
def test_macro_free_tree_is_byte_identical(scratch, daemon, mode):
    tree = macro_free_tree(os.path.join(scratch, "plain"))
    verdicts = build(scratch, daemon, mode, tree, allow_debug_columns=False)
    assert set(verdicts.values()) == {"identical"} and len(verdicts) == 5


@pytest.mark.parametrize("mode", ["tcp", "lzo"])
def test_compile_error_comes_back_with_diagnostics_and_status(scratch, daemon, mode):
    with open(os.path.join(scratch, "bad.c"), "w") as f:
        f.write("int f(void) { return undeclared_thing; }\n")
    hosts = daemon.host_spec("/4" + (",lzo" if mode == "lzo" else ""))
    env = clean_client_env(scratch, hosts=hosts, DISTCC_SKIP_LOCAL_RETRY="1")
    r = procs.run([paths.DEBIAN_DISTCC, "gcc", "-c", "bad.c", "-o", "bad.o"], env=env, cwd=scratch)
    local = procs.run(["gcc", "-c", "bad.c", "-o", "local.o"], cwd=scratch)
    assert r.returncode == local.returncode == 1
    assert "undeclared_thing" in r.stderr
    summary = daemontest.wait_for_summaries(daemon, 1)[0]
    assert summary["category"] == "COMPILE_ERROR" and summary["exit"] == "1"
    assert not os.path.exists(os.path.join(scratch, "bad.o"))


def test_stdout_and_warnings_pass_through(scratch, daemon):
    with open(os.path.join(scratch, "warn.c"), "w") as f:
        f.write("int f(int x) { int unused; return x; }\n")
    env = clean_client_env(scratch, hosts=daemon.host_spec())
    r = procs.run([paths.DEBIAN_DISTCC, "gcc", "-Wall", "-c", "warn.c", "-o", "warn.o"], env=env, cwd=scratch)
    assert r.returncode == 0, r.stderr
    assert "unused variable" in r.stderr
    assert daemontest.wait_for_summaries(daemon, 1)[0]["category"] == "COMPILE_OK"
