"""distccmon-text (issue 12) against Debian's 3.4 monitor on the same state files:
real ones written by our client and by /usr/bin/distcc while slow jobs run on a
daemon, and synthetic records (foreign, cut short, stale, orphaned, odd phases, long
names).  Also the DELAY mode, --json, and the usage and error exits."""
import json
import os
import struct
import subprocess
import time

import pytest

from dcctest import daemons, daemontest, paths, procs
from dcctest.fixtures import clean_client_env

OUR_MONITOR = paths.ours("distccmon-text")
DEBIAN_MONITOR = "/usr/bin/distccmon-text"
SLOW_JOB_S = 20  # the fake compiler's sleep; every job is stopped long before

pytestmark = [pytest.mark.skipif(not OUR_MONITOR, reason="our distccmon-text has not been built"),
              pytest.mark.skipif(struct.calcsize("P") != 8, reason="records are written in the LP64 layout here")]


def need_debian_monitor():
    if not os.access(DEBIAN_MONITOR, os.X_OK):
        pytest.skip("Debian's distccmon-text (package distcc) is not installed")


def record(pid, file, host, slot, phase, size=296, magic=0x44494800):
    """One state record in the native LP64 layout (doc/tools.md)."""
    return struct.pack("=QQQ128s128siiQ", size, magic, pid, file.encode(), host.encode(), slot, phase, 0)


def monitor(binary, distcc_dir, *args, env=None):
    env = dict(env if env is not None else os.environ)
    env["DISTCC_DIR"] = distcc_dir
    return procs.run([binary, *args], env=env, timeout=30)


def after_prefix(stderr):
    """Log lines without the 'prog[pid] (function) ' part, which differs by design."""
    return [line.split(") ", 1)[-1] for line in stderr.splitlines()]


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def write_states(state_dir, files, stale=()):
    os.makedirs(state_dir, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(state_dir, name), "wb") as f:
            f.write(data)
    old = time.time() - 61
    for name in stale:
        os.utime(os.path.join(state_dir, name), (old, old))


def synthetic(live_pid):
    return {
        "binstate_1": record(live_pid, "a.c", "zeta", 0, 5),
        "binstate_2": record(live_pid, "averyveryverylongfilename_that_is_long.c",
                             "host-with-a-very-long-name-indeed.example.com", 3, 2),
        "binstate_3": record(live_pid, "b.c", "alpha", 1, 9),        # phase > Done: Compile
        "binstate_4": record(live_pid, "c.c", "alpha", 0, 7),        # Done: not shown
        "binstate_5": record(live_pid, "m.c", "m", 0, 5, magic=1),   # foreign
        "binstate_6": record(live_pid, "s.c", "s", 0, 5, size=280),  # another layout
        "binstate_7": record(dead_pid(), "dead.c", "d", 0, 5),       # orphan: skipped, kept
        "binstate_8": record(live_pid, "old.c", "o", 0, 5),          # stale: deleted
        "binstate_9": record(live_pid, "neg.c", "n", 2, -3),         # shown as Compile
        "binstate_10": record(live_pid, "short.c", "x", 0, 5)[:100],
        "other_11": record(live_pid, "other.c", "x", 0, 5),           # not a state file
        "binstate_12": record(live_pid, "Z.c", "Alpha", 4, 6),
    }


def test_synthetic_state_files_give_debians_table(scratch):
    need_debian_monitor()
    dirs = {}
    for who in ("ours", "debian"):
        dirs[who] = os.path.join(scratch, who)
        write_states(os.path.join(dirs[who], "state"), synthetic(os.getpid()), stale=["binstate_8"])
    ours = monitor(OUR_MONITOR, dirs["ours"])
    theirs = monitor(DEBIAN_MONITOR, dirs["debian"])
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout
    assert ours.stdout.splitlines()[0] == f"{os.getpid():6d}  {'Receive':<10}  {'Z.c':<30} {'Alpha':>24}[4]"
    assert len(ours.stdout.splitlines()) == 6 and ours.stdout.endswith("\n\n")
    assert sorted(after_prefix(ours.stderr)) == sorted(
        line.replace(dirs["debian"], dirs["ours"]) for line in after_prefix(theirs.stderr))
    # Both deleted the stale file and nothing else.
    assert sorted(os.listdir(os.path.join(dirs["ours"], "state"))) == \
        sorted(os.listdir(os.path.join(dirs["debian"], "state")))
    assert "binstate_8" not in os.listdir(os.path.join(dirs["ours"], "state"))
    assert "binstate_7" in os.listdir(os.path.join(dirs["ours"], "state"))


def test_empty_state_prints_one_empty_line(scratch):
    r = monitor(OUR_MONITOR, scratch)
    assert (r.returncode, r.stdout, r.stderr) == (0, "\n", "")
    assert os.path.isdir(os.path.join(scratch, "state"))


def test_json_has_the_table_s_jobs(scratch):
    write_states(os.path.join(scratch, "state"), synthetic(os.getpid()), stale=["binstate_8"])
    table = monitor(OUR_MONITOR, scratch).stdout.splitlines()[:-1]
    r = monitor(OUR_MONITOR, scratch, "--json")
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 1
    poll = json.loads(r.stdout)
    assert abs(poll["time"] - time.time()) < 60
    rebuilt = [f"{j['pid']:6d}  {j['phase']:<10.10}  {j['file']:<30.30} {j['host']:>24.24}[{j['slot']}]"
               for j in poll["jobs"]]
    assert rebuilt == table


def test_delay_polls_until_stopped_and_flushes_each_poll(scratch):
    write_states(os.path.join(scratch, "state"), {"binstate_1": record(os.getpid(), "a.c", "h", 0, 5)})
    env = dict(os.environ, DISTCC_DIR=scratch)
    proc = subprocess.Popen([OUR_MONITOR, "0.1"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        # Each poll arrives through the pipe while the monitor keeps running.
        first = [proc.stdout.readline() for _ in range(2)]
        assert first[0] == f"{os.getpid():6d}  {'Compile':<10}  {'a.c':<30} {'h':>24}[0]\n"
        assert first[1] == "\n"
        start = time.monotonic()
        for _ in range(6):
            assert proc.stdout.readline().endswith("h[0]\n")
            assert proc.stdout.readline() == "\n"
        assert time.monotonic() - start >= 0.4
        assert proc.poll() is None
    finally:
        procs.stop_pid(proc.pid)
        proc.stdout.close()


@pytest.mark.parametrize("args", [["x"], ["1", "2"], ["--help"], ["1x"]])
def test_usage_on_stderr_with_status_one(scratch, args):
    need_debian_monitor()
    ours, theirs = monitor(OUR_MONITOR, scratch, *args), monitor(DEBIAN_MONITOR, scratch, *args)
    assert ours.returncode == theirs.returncode == 1
    assert ours.stdout == theirs.stdout == ""
    assert ours.stderr.startswith(theirs.stderr)


def test_state_directory_errors_as_debian(scratch):
    need_debian_monitor()
    missing = os.path.join(scratch, "missing")
    ours, theirs = monitor(OUR_MONITOR, missing), monitor(DEBIAN_MONITOR, missing)
    assert ours.returncode == theirs.returncode == 107
    assert after_prefix(ours.stderr) == after_prefix(theirs.stderr) == \
        [f"ERROR: mkdir '{missing}/state' failed: No such file or directory"]
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "DISTCC_DIR")}
    ours = procs.run([OUR_MONITOR], env=env, timeout=30)
    theirs = procs.run([DEBIAN_MONITOR], env=env, timeout=30)
    assert ours.returncode == theirs.returncode == 101
    assert after_prefix(ours.stderr) == after_prefix(theirs.stderr)


# -- state written by real clients --------------------------------------------------

CLIENTS = {"our-client": paths.OUR_DISTCC, "debian-client": paths.DEBIAN_DISTCC}


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_jobs_of_a_running_client_as_debian_shows_them(scratch, client):
    """Three jobs of a slow compiler on our daemon: while they run, both monitors read
    the client's state files and print the same table."""
    need_debian_monitor()
    binary = CLIENTS[client]
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not built/installed")
    bindir = os.path.join(scratch, "bin")
    slowcc = daemontest.fake_compiler(bindir, "slowcc", f"sleep {SLOW_JOB_S}")
    env = daemontest.cmdlist_env(scratch, [slowcc])
    with daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=3, env=env) as daemon:
        env = clean_client_env(scratch, hosts=f"127.0.0.1:{daemon.port}/3",
                               PATH=f"{bindir}:{os.environ['PATH']}", DISTCC_IO_TIMEOUT=SLOW_JOB_S * 2)
        jobs = []
        try:
            for name in ("one", "two", "three"):
                source = os.path.join(scratch, f"{name}.c")
                with open(source, "w") as f:
                    f.write(f"int {name};\n")
                jobs.append(subprocess.Popen([binary, "slowcc", "-c", source, "-o", source + ".o"], env=env,
                                             cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            distcc_dir = env["DISTCC_DIR"]

            def all_compiling():
                out = monitor(OUR_MONITOR, distcc_dir).stdout
                return out if out.count(" Compile ") == 3 else None
            table = procs.wait_until(all_compiling, 20, interval=0.1, what="three jobs in the Compile phase")
            theirs = monitor(DEBIAN_MONITOR, distcc_dir).stdout
            assert theirs == table
            rows = table.splitlines()
            assert [row[-3:] for row in rows[:3]] == ["[0]", "[1]", "[2]"]
            assert all(row.endswith(f"127.0.0.1[{i}]") for i, row in enumerate(rows[:3]))
            assert {row.split()[2] for row in rows[:3]} == {"one.c", "two.c", "three.c"}
            assert {int(row.split()[0]) for row in rows[:3]} == {j.pid for j in jobs}
        finally:
            for job in jobs:
                procs.stop_pid(job.pid)
