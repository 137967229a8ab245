"""The compiler sandbox of our distccd (issue 16, doc/security.md section 3).  A
whitelisted "compiler" (a shell script listed in a private DISTCC_CMDLIST) probes
its surroundings: it tries to write outside its job directory, to connect to the
daemon's own port on 127.0.0.1 and a Unix socket bound to a path, to see and signal
other processes, and reports its working directory.  Under --sandbox=required every attempt fails, relative output
lands in the job directory and real gcc and clang objects are byte-identical to
--sandbox=off; --sandbox=off behaves as before; a daemon started by root confines
its compilers too (after dropping privileges)."""
import os
import shutil
import socket
import subprocess

import pytest

from dcctest import daemons, daemontest, objects, paths, procs, wire

pytestmark = pytest.mark.skipif(not paths.ours("distccd"), reason="our distccd has not been built")

PROBE_BODY = r"""
report() {{ echo "$1=$2" >&2; }}
report cwd "$(pwd)"
report tmpdir "$TMPDIR"
if echo escaped > {outside}/escaped 2>/dev/null; then report write_outside yes; else report write_outside no; fi
if echo escaped > /tmp/dcc-sandbox-escape-$$ 2>/dev/null; then report write_tmp yes; rm -f /tmp/dcc-sandbox-escape-$$; else report write_tmp no; fi
if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)' {port} 2>/dev/null; then report connect yes; else report connect no; fi
if python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' {unix_socket} 2>/dev/null; then report unix_socket yes; else report unix_socket no; fi
report processes "$(ls /proc | grep -c '^[0-9]')"
if kill -0 {victim} 2>/dev/null; then report signal yes; else report signal no; fi
echo relative > relative-output.txt && report relative "$(pwd)/relative-output.txt"
"""


def probe_sandbox(scratch, extra_args):
    """Run the probe compiler once under a daemon with `extra_args`; its findings."""
    outside = daemontest.world_writable_dir(os.path.join(scratch, "outside"))
    victim = subprocess.Popen(["sleep", "60"])
    listener = socket.socket(socket.AF_UNIX)
    try:
        unix_socket = os.path.join(outside, "service.sock")
        listener.bind(unix_socket)
        os.chmod(unix_socket, 0o777)
        listener.listen(4)
        port = procs.free_port()
        body = PROBE_BODY.format(outside=outside, port=port, victim=victim.pid, unix_socket=unix_socket)
        probecc = daemontest.fake_compiler(os.path.join(scratch, "bin"), "probecc", body)
        env = daemontest.cmdlist_env(scratch, [probecc])
        d = daemontest.our_daemon_for(scratch, port=port, jobs=1, env=env, extra_args=extra_args)
        try:
            reply = wire.compile_remote(d.port, ["probecc", "-c", "x.c", "-o", "x.o"], b"int probe;\n", timeout=60)
            assert reply.status == 0, reply
            assert reply.doto == b"int probe;\n"
            found = dict(line.split("=", 1) for line in reply.serr.decode().splitlines() if "=" in line)
            found["escaped_file"] = os.path.exists(os.path.join(outside, "escaped"))
            found["victim_alive"] = victim.poll() is None
            found["log"] = d.log_text()
            found["tmpdir_entries"] = sorted(os.listdir(d.tmpdir))
            found["daemon_tmpdir"] = d.tmpdir
            return found
        finally:
            d.stop()
    finally:
        listener.close()
        victim.kill()
        victim.wait()


def assert_confined(found):
    assert found["write_outside"] == "no" and not found["escaped_file"], found
    assert found["write_tmp"] == "no", found
    assert found["connect"] == "no", found
    assert found["unix_socket"] == "no", "a socket bound to a path on the read-only file system"
    assert found["signal"] == "no" and found["victim_alive"], found
    # The sandbox's first process, the shell, ls and grep: none of the host's.
    assert int(found["processes"]) <= 5, found
    assert found["cwd"] == found["daemon_tmpdir"], "the job directory, mounted over TMPDIR"
    assert found["tmpdir"] == found["daemon_tmpdir"]
    assert "compilers run in a sandbox" in found["log"]


def test_required_confines_the_compiler(scratch):
    found = probe_sandbox(scratch, ["--sandbox=required"])
    assert_confined(found)
    # The relative output landed in the job directory, not in the shared TMPDIR.
    assert "relative-output.txt" not in found["tmpdir_entries"], found["tmpdir_entries"]


def test_auto_is_the_default_and_confines(scratch):
    assert_confined(probe_sandbox(scratch, []))


def test_off_behaves_as_before(scratch):
    found = probe_sandbox(scratch, ["--sandbox=off"])
    assert found["write_outside"] == "yes" and found["escaped_file"], found
    assert found["connect"] == "yes", found
    assert found["unix_socket"] == "yes", found
    assert int(found["processes"]) > 5, found
    assert found["cwd"] == found["daemon_tmpdir"]
    assert found["tmpdir"].startswith(found["daemon_tmpdir"] + "/distccd_"), found
    assert "--sandbox=off: compilers run unconfined" in found["log"]
    assert "relative-output.txt" in found["tmpdir_entries"], "unconfined, relative paths land in TMPDIR"


@pytest.mark.needs_root
def test_root_started_daemon_confines_after_dropping_privileges(scratch):
    found = probe_sandbox(scratch, ["--sandbox=required"])
    assert_confined(found)


def test_bad_mode_is_a_usage_error(scratch):
    r = subprocess.run([paths.OUR_DISTCCD, "--sandbox=maybe", "--daemon"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    assert r.returncode == 101
    assert "--sandbox must be auto, required or off" in r.stderr


# Runs argv in a user namespace of its own whose user.max_user_namespaces is 0, as
# the same user: the way a kernel without unprivileged user namespaces looks to
# distccd.  Exit 77 when there are no user namespaces here at all.
WITHOUT_USER_NAMESPACES = r"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
uid, gid = os.geteuid(), os.getegid()
if libc.unshare(0x10000000) != 0:
    sys.exit(77)
open("/proc/self/uid_map", "w").write(f"{uid} {uid} 1\n")
open("/proc/self/setgroups", "w").write("deny")
open("/proc/self/gid_map", "w").write(f"{gid} {gid} 1\n")
open("/proc/sys/user/max_user_namespaces", "w").write("0\n")
os.execve(sys.argv[1], sys.argv[1:], os.environ)
"""


def without_user_namespaces(argv):
    if os.geteuid() == 0:
        pytest.skip("a root daemon drops privileges, which a nested user namespace cannot map")
    return [shutil.which("python3"), "-c", WITHOUT_USER_NAMESPACES, *argv]


def test_required_refuses_to_start_without_user_namespaces(scratch):
    tmpdir = daemontest.world_writable_dir(os.path.join(scratch, "tmp"))
    env = dict(os.environ, TMPDIR=tmpdir)
    argv = [paths.OUR_DISTCCD, "--daemon", "--no-detach", "--log-stderr", "--port", str(procs.free_port()),
            "--listen", "127.0.0.1", "--allow", "127.0.0.1", "--sandbox=required", "--lifetime", "5"]
    r = subprocess.run(without_user_namespaces(argv), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    if r.returncode == 77:
        pytest.skip("no user namespaces here at all")
    assert r.returncode == 100, r.stderr
    assert "--sandbox=required: no sandbox for compilers" in r.stderr, r.stderr
    assert "user.max_user_namespaces is 0" in r.stderr, r.stderr
    assert os.listdir(tmpdir) == [], "the trial sandbox's directory is gone"


def test_auto_without_user_namespaces_warns_once_and_serves(scratch):
    okcc = daemontest.fake_compiler(os.path.join(scratch, "bin"), "okcc", "")
    env = daemontest.cmdlist_env(scratch, [okcc])
    env["TMPDIR"] = daemontest.world_writable_dir(os.path.join(scratch, "tmp"))
    port = procs.free_port()
    log_path = os.path.join(scratch, "auto.log")
    argv = [paths.OUR_DISTCCD, "--daemon", "--no-detach", "--log-file", log_path, "--log-level", "info",
            "--port", str(port), "--listen", "127.0.0.1", "--allow", "127.0.0.1", "--jobs", "2"]
    proc = subprocess.Popen(without_user_namespaces(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        procs.wait_for_port(port, "127.0.0.1", timeout=15, proc=proc)
        for i in range(3):
            reply = wire.compile_remote(port, ["okcc", "-c", "x.c", "-o", "x.o"], f"int v{i};\n".encode(), timeout=60)
            assert reply.status == 0 and reply.doto == f"int v{i};\n".encode(), reply
        log = daemontest.read_text(log_path)
        assert log.count("no sandbox for compilers") == 1, log
        assert "compilers run unconfined" in log
    finally:
        procs.stop_pid(proc.pid)
        proc.stderr.close()


def real_compilers():
    return [name for name in ("gcc", "clang") if shutil.which(name)]


SOURCE = b"""# 1 "unit.c"
struct point { int x, y; };
static int twice(int v) { return v * 2; }
int area(const struct point *p) { return twice(p->x) * p->y; }
const char *name(void) { return "sandboxed"; }
"""


@pytest.mark.parametrize("compiler", real_compilers())
@pytest.mark.parametrize("flags", [["-O2"], ["-O0", "-g"]], ids=["O2", "O0-g"])
def test_real_compilers_make_identical_objects(scratch, compiler, flags):
    """The same request to a sandboxed and an unconfined daemon with the same TMPDIR
    (so the same working directory): the same bytes back."""
    argv = [compiler, *flags, "-c", "unit.i", "-o", "unit.o"]
    objs = {}
    for mode in ("required", "off"):
        d = daemons.Daemon(paths.OUR_DISTCCD, scratch, jobs=1, extra_args=[f"--sandbox={mode}"], name=f"our-{mode}")
        d.tmpdir = os.path.join(scratch, "shared-tmpdir")
        d.start()
        try:
            reply = wire.compile_remote(d.port, argv, SOURCE, timeout=120)
            assert reply.status == 0, reply
            objs[mode] = os.path.join(scratch, f"{mode}.o")
            with open(objs[mode], "wb") as f:
                f.write(reply.doto)
        finally:
            d.stop()
    assert objects.read(objs["required"]).startswith(b"\x7fELF")
    assert objects.read(objs["required"]) == objects.read(objs["off"]), \
        objects.differing_sections(objs["required"], objs["off"])


def processes_started_since(before, prefix):
    """PIDs not in `before` whose command line starts with `prefix` (bytes, NUL-separated)."""
    out = []
    for p in set(os.listdir("/proc")) - before:
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                if f.read().startswith(prefix):
                    out.append(p)
        except OSError:
            pass
    return out


def pids_now():
    return set(p for p in os.listdir("/proc") if p.isdigit())


def test_sigterm_mid_job_leaves_nothing_running(scratch):
    hangcc = daemontest.fake_compiler(os.path.join(scratch, "bin"), "hangcc", "sleep 61 & sleep 61")
    env = daemontest.cmdlist_env(scratch, [hangcc])
    d = daemontest.our_daemon_for(scratch, jobs=1, env=env, extra_args=["--sandbox=required"])
    try:
        before = pids_now()
        client = wire.connect(d.port)
        client.sendall(wire.request(["hangcc", "-c", "x.c", "-o", "x.o"], b"int h;\n"))
        procs.wait_until(lambda: len(processes_started_since(before, b"sleep\x0061")) == 2, 10,
                         what="the job's two sleeps")
        assert daemontest.stopped_clean(d) == []
        procs.wait_until(lambda: processes_started_since(before, b"sleep\x0061") == [], 5,
                         what="the job's processes to go")
        client.close()
    finally:
        d.stop()


def test_a_timed_out_job_leaves_nothing_running(scratch):
    hangcc = daemontest.fake_compiler(os.path.join(scratch, "bin"), "hangcc", "sleep 60 & sleep 60")
    okcc = daemontest.fake_compiler(os.path.join(scratch, "bin"), "okcc", "")
    env = daemontest.cmdlist_env(scratch, [hangcc, okcc])
    d = daemontest.our_daemon_for(scratch, jobs=1, env=env, extra_args=["--sandbox=required", "--job-lifetime", "2"])
    try:
        before = pids_now()
        reply = wire.compile_remote(d.port, ["hangcc", "-c", "x.c", "-o", "x.o"], b"int t;\n", timeout=60)
        assert reply.exit_code == 118, reply  # EXIT_TIMEOUT
        procs.wait_until(lambda: processes_started_since(before, b"sleep\x0060") == [], 5,
                         what="the job's processes to go")
        procs.wait_until(lambda: daemontest.job_leftovers(d) == [], 5, what="the job directory to be emptied")
        reply = wire.compile_remote(d.port, ["okcc", "-c", "y.c", "-o", "y.o"], b"int y;\n", timeout=60)
        assert reply.status == 0 and reply.doto == b"int y;\n", "a new sandbox for the next job"
        assert daemontest.stopped_clean(d) == []
    finally:
        d.stop()
