"""Self-test of the shared test library against the reference peer: Debian's
distcc 3.4 client and daemon build the mixed tree, objects compare as the spec says
plain mode allows, and the loopback OpenSSH server carries a command.  If these fail,
every other tier's results are suspect."""
import os
import subprocess

from dcctest import objects, paths, trees
from dcctest.fixtures import clean_client_env


def test_debian_peer_builds_mixed_tree_like_a_local_build(scratch, debian_daemon):
    tree = trees.copy_tree("mixed", os.path.join(scratch, "tree"))
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    local, dist, r = trees.build_local_then_distributed(
        tree, [f"CC={paths.DEBIAN_DISTCC} gcc", f"CXX={paths.DEBIAN_DISTCC} g++"], env)
    assert r.returncode == 0, r.stderr
    ok_jobs = [s for s in debian_daemon.summaries() if s["category"] == "COMPILE_OK"]
    assert len(ok_jobs) == 7, debian_daemon.log_text()
    # Plain mode under -g: code and data identical, DWARF columns differ wherever a
    # macro expands (even size_t from stddef.h).  Debian 3.4 also writes -MD files
    # named after the source in the cwd (doc/client.md §11.1), so only objects here.
    for rel in trees.object_files(local):
        a, b = os.path.join(dist, rel), os.path.join(local, rel)
        assert objects.compare_modulo_columns(a, b), (rel, objects.compare(a, b))


def test_objects_compare_detects_code_changes(scratch):
    a, b = os.path.join(scratch, "a.o"), os.path.join(scratch, "b.o")
    src = os.path.join(scratch, "x.c")
    with open(src, "w") as f:
        f.write("int f(int x) { return x + 1; }\n")
    subprocess.run(["gcc", "-O2", "-c", src, "-o", a], check=True)
    with open(src, "w") as f:
        f.write("int f(int x) { return x + 2; }\n")
    subprocess.run(["gcc", "-O2", "-c", src, "-o", b], check=True)
    verdict, diff = objects.compare(a, b)
    assert verdict == "different"
    assert ".text" in diff


def test_sshd_runs_commands_over_loopback(sshd):
    r = sshd.run("echo hello-from-sshd")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "hello-from-sshd"
