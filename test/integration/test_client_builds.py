"""Whole builds through our client and Debian's distccd 3.4 (issue 3's "done when"):
a mixed C/C++ tree and the demo project over TCP, LZO and ssh with every object and
.d file compared with a local build; a macro-free tree byte for byte; response files;
ccache's CCACHE_PREFIX, CMake's compiler launcher; and 50 concurrent jobs sharing
slots."""
import os
import shutil
import subprocess

import pytest

from dcctest import gentree, objects, paths, procs, trees
from dcctest.clientrun import assert_plain_mode_equivalent, distcc, distcc_lines, local_object, read, write
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built")

MODES = ["tcp", "lzo", "ssh"]


def distcc_make_args():
    return [f"CC={paths.OUR_DISTCC} gcc", f"CXX={paths.OUR_DISTCC} g++"]


def wait_for_compiles(daemon, count, timeout=10):
    def done():
        return len([s for s in daemon.summaries() if s["category"] == "COMPILE_OK"]) >= count
    procs.wait_until(done, timeout, what=f"{count} COMPILE_OK summaries")
    return [s for s in daemon.summaries() if s["category"] == "COMPILE_OK"]


def host_for(mode, daemon, scratch, env_extra):
    """DISTCC_HOSTS for a mode; ssh starts sshd and reaches Debian's distccd --inetd."""
    if mode == "tcp":
        return daemon.host_spec("/4")
    if mode == "lzo":
        return daemon.host_spec("/4,lzo")
    from dcctest.sshd import Sshd
    if not Sshd.available():
        pytest.skip("OpenSSH server not installed")
    server = Sshd(scratch).start()
    env_extra["DISTCC_SSH"] = server.ssh_command
    env_extra["_sshd"] = server
    return f"@127.0.0.1/4:{paths.DEBIAN_DISTCCD}"


def compare_outputs(dist, local, allow_debug_columns):
    """{relative path: verdict} for every .o and .d; .d files must be identical, objects
    identical or (when allowed) differ only in DWARF columns (clientrun's
    objects.COLUMN_SECTIONS names what that may touch)."""
    objs = trees.object_files(local)
    assert objs == trees.object_files(dist), "different sets of objects"
    verdicts = {}
    for rel in objs:
        a, b = os.path.join(dist, rel), os.path.join(local, rel)
        if allow_debug_columns:
            verdicts[rel], _ = assert_plain_mode_equivalent(a, b)
        else:
            assert read(a) == read(b), (rel, objects.compare(a, b))
            verdicts[rel] = "identical"
    deps = trees.dep_files(local)
    assert deps == trees.dep_files(dist), f".d files: {trees.dep_files(dist)} vs {deps}"
    for rel in deps:
        assert read(os.path.join(dist, rel)) == read(os.path.join(local, rel)), f"{rel} differs"
        verdicts[rel] = "identical"
    return verdicts


def build_and_compare(scratch, daemon, mode, tree_name, allow_debug_columns):
    extra = {}
    hosts = host_for(mode, daemon, scratch, extra)
    server = extra.pop("_sshd", None)
    try:
        tree = trees.copy_tree(tree_name, os.path.join(scratch, "tree")) if tree_name else \
            gentree.write(os.path.join(scratch, "tree"), units=6, functions=6)
        env = clean_client_env(scratch, hosts=hosts, **extra)
        local, dist, r = trees.build_local_then_distributed(tree, distcc_make_args(), env)
        assert r.returncode == 0, r.stderr
        # No compile fell back, and the link (local by nature) says nothing.
        assert distcc_lines(r.stderr) == [], r.stderr
        verdicts = compare_outputs(dist, local, allow_debug_columns)
        return verdicts, tree
    finally:
        if server:
            server.stop()


@pytest.mark.parametrize("mode", MODES)
def test_mixed_tree_matches_a_local_build(scratch, debian_daemon, mode):
    verdicts, _ = build_and_compare(scratch, debian_daemon, mode, "mixed", allow_debug_columns=True)
    objs = [v for k, v in verdicts.items() if k.endswith(".o")]
    assert len(objs) == 7
    deps = [v for k, v in verdicts.items() if k.endswith(".d")]
    assert deps == ["identical"] * 7, "every -MD file beside its object, as gcc writes it"
    if mode != "ssh":  # over ssh each job has its own daemon process and log
        assert len(wait_for_compiles(debian_daemon, 7)) == 7


@pytest.mark.parametrize("mode", MODES)
def test_macro_free_tree_is_byte_identical(scratch, debian_daemon, mode):
    verdicts, _ = build_and_compare(scratch, debian_daemon, mode, None, allow_debug_columns=False)
    assert set(verdicts.values()) == {"identical"}
    assert len(verdicts) == 12  # 6 objects + 6 .d files


@pytest.mark.parametrize("mode", ["tcp", "lzo"])
def test_demo_project(scratch, debian_daemon, mode):
    tree = os.path.join(scratch, "demo")
    shutil.copytree(os.path.join(paths.TOP_SRCDIR, "demo", "project"), tree)
    hosts = debian_daemon.host_spec("/4" + (",lzo" if mode == "lzo" else ""))
    env = clean_client_env(scratch, hosts=hosts)
    local, dist, r = trees.build_local_then_distributed(tree, distcc_make_args(), env)
    assert r.returncode == 0, r.stderr
    verdicts = compare_outputs(dist, local, allow_debug_columns=True)
    assert len([k for k in verdicts if k.endswith(".o")]) == 7
    assert len(wait_for_compiles(debian_daemon, 7)) == 7
    assert os.access(os.path.join(tree, "wordstats"), os.X_OK)


HELLO = "int twice(int x) { return 2 * x; }\n"


def test_response_file_build_distributes(scratch, debian_daemon):
    write(os.path.join(scratch, "src dir", "t.c"), HELLO)
    write(os.path.join(scratch, "inner.rsp"), "-O2 -g\n")
    write(os.path.join(scratch, "args.rsp"), "-c 'src dir/t.c' -o\t\"out dir/t.o\" @inner.rsp\n")
    os.makedirs(os.path.join(scratch, "out dir"))
    local_object(["gcc", "-c", "src dir/t.c", "-o", "local.o", "-O2", "-g"], scratch)
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "@args.rsp"], env, scratch)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == []
    assert len(wait_for_compiles(debian_daemon, 1)) == 1
    assert read(os.path.join(scratch, "out dir", "t.o")) == read(os.path.join(scratch, "local.o"))
    # Also when the response file names the compiler itself.
    write(os.path.join(scratch, "all.rsp"), "gcc -c 'src dir/t.c' -o again.o -O2 -g\n")
    r = distcc(["@all.rsp"], env, scratch)
    assert r.returncode == 0, r.stderr
    assert len(wait_for_compiles(debian_daemon, 2)) == 2
    assert read(os.path.join(scratch, "again.o")) == read(os.path.join(scratch, "local.o"))


@pytest.mark.skipif(not paths.tool("ccache"), reason="ccache is not installed")
def test_as_ccache_prefix(scratch, debian_daemon):
    write(os.path.join(scratch, "c.c"), HELLO)
    local_object(["gcc", "-O2", "-g", "-c", "c.c", "-o", "local.o"], scratch)
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec(), CCACHE_PREFIX=paths.OUR_DISTCC,
                           CCACHE_DIR=os.path.join(scratch, "ccache"), CCACHE_NOHASHDIR="1")
    r = procs.run(["ccache", "gcc", "-O2", "-g", "-c", "c.c", "-o", "c.o"], env=env, cwd=scratch)
    assert r.returncode == 0, r.stderr
    jobs = wait_for_compiles(debian_daemon, 1)
    assert len(jobs) == 1
    assert read(os.path.join(scratch, "c.o")) == read(os.path.join(scratch, "local.o"))
    # A second run is a cache hit: nothing new reaches the daemon.
    os.remove(os.path.join(scratch, "c.o"))
    r = procs.run(["ccache", "gcc", "-O2", "-g", "-c", "c.c", "-o", "c.o"], env=env, cwd=scratch)
    assert r.returncode == 0, r.stderr
    assert read(os.path.join(scratch, "c.o")) == read(os.path.join(scratch, "local.o"))


CMAKE_LISTS = """cmake_minimum_required(VERSION 3.13)
project(launcher C CXX)
add_executable(prog main.c side.cpp)
"""


@pytest.mark.skipif(not paths.tool("cmake"), reason="cmake is not installed")
def test_as_cmake_compiler_launcher(scratch, debian_daemon):
    src = os.path.join(scratch, "proj")
    write(os.path.join(src, "CMakeLists.txt"), CMAKE_LISTS)
    write(os.path.join(src, "main.c"), "int side(void);\nint main(void) { return side(); }\n")
    write(os.path.join(src, "side.cpp"), 'extern "C" int side() { return 0; }\n')
    build = os.path.join(scratch, "build")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = procs.run(["cmake", "-S", src, "-B", build, f"-DCMAKE_C_COMPILER_LAUNCHER={paths.OUR_DISTCC}",
                   f"-DCMAKE_CXX_COMPILER_LAUNCHER={paths.OUR_DISTCC}", "-DCMAKE_BUILD_TYPE=Release"],
                  env=env, cwd=scratch, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    r = procs.run(["cmake", "--build", build, "--", "-j2"], env=env, cwd=scratch, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(wait_for_compiles(debian_daemon, 2)) == 2
    assert procs.run([os.path.join(build, "prog")]).returncode == 0


def test_fifty_concurrent_jobs_share_four_slots(scratch, debian_daemon):
    count = 50
    for i in range(count):
        write(os.path.join(scratch, f"u{i}.c"), f"int unit{i}(int x) {{ return x * {i + 1}; }}\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec("/4"), DISTCC_PAUSE_TIME_MSEC="20")
    jobs = [subprocess.Popen([paths.OUR_DISTCC, "gcc", "-O2", "-g", "-c", f"u{i}.c", "-o", f"u{i}.o"],
                             cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(count)]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in jobs]
    for p in jobs:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 for code, _ in results), results
    assert all(distcc_lines(err) == [] for _, err in results), "every job ran remotely, none fell back"
    assert len(wait_for_compiles(debian_daemon, count, timeout=20)) == count
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    remote_slots = sorted(n for n in os.listdir(lock_dir) if n.startswith("cpu_tcp_"))
    assert remote_slots == [f"cpu_tcp_127.0.0.1_{debian_daemon.port}_{k}" for k in range(4)], \
        "never more than the 4 slots of the host were used"
    local_slots = [n for n in os.listdir(lock_dir) if n.startswith("cpu_localhost_")]
    assert 1 <= len(local_slots) <= 8, "preprocessing stays within the local cpp pool"
    for i in (0, count // 2, count - 1):
        local_object(["gcc", "-O2", "-g", "-c", f"u{i}.c", "-o", f"l{i}.o"], scratch)
        assert read(os.path.join(scratch, f"u{i}.o")) == read(os.path.join(scratch, f"l{i}.o"))
