"""distccd's messages and start-up behaviour that scripts and Debian's packaging rely
on, side by side with Debian's distccd 3.4 (skipped when /usr/bin/distccd is absent):
the log lines for an access-list refusal and a compiler outside the whitelist, an
unwritable --pid-file (logged, and the daemon serves anyway: Debian's init script
relies on that), and the user a root daemon becomes without --user."""
import os
import pwd
import re

import pytest

from dcctest import daemons, daemontest, paths, procs, wire
from dcctest.clientrun import messages

DAEMONS = {"ours": paths.OUR_DISTCCD, "debian": paths.DEBIAN_DISTCCD}
# Whom a root daemon becomes without --user: upstream's default user, the one
# Debian's package creates (Debian patched its distccd to use it), then nobody.
DEFAULT_USERS = {"ours": ("distcc", "distccd", "nobody"), "debian": ("distccd", "nobody")}


@pytest.fixture(params=sorted(DAEMONS))
def implementation(request):
    if not os.access(DAEMONS[request.param], os.X_OK):
        pytest.skip(f"{DAEMONS[request.param]} is not built/installed")
    return request.param


def start(implementation, scratch, **kwargs):
    return daemons.Daemon(DAEMONS[implementation], scratch, name=f"{implementation}-distccd", **kwargs).start()


def log_messages(daemon, pattern, timeout=10):
    """The daemon's log messages matching `pattern`, once there is one (bounded)."""
    def found():
        return [m for m in messages(daemon.log_text()) if re.search(pattern, m)]
    try:
        return procs.wait_until(found, timeout, what=f"{pattern!r} in the log")
    except procs.Timeout:
        raise AssertionError(f"no {pattern!r} in:\n{daemon.log_text()}")


def refused_and_logged(implementation, scratch, compiler, pattern, **kwargs):
    """Send one job the daemon must refuse (it closes without a byte); returns its log
    messages matching `pattern`."""
    d = start(implementation, scratch, **kwargs)
    try:
        assert wire.exchange(d.port, wire.request([compiler, "-c", "x.c", "-o", "x.o"])) == b""
        return log_messages(d, pattern)
    finally:
        d.stop()


def test_access_denied(implementation, scratch):
    lines = refused_and_logged(implementation, scratch, "gcc", "denied by access list", allow=("10.77.0.0/16",))
    assert re.fullmatch(r"ERROR: connection from client '127\.0\.0\.1:\d+' denied by access list", lines[0]), lines


def test_compiler_not_whitelisted(implementation, scratch):
    lines = refused_and_logged(implementation, scratch, "unlisted-cc", "whitelist")
    # Ours says which rule refused, then 3.4's sentence.
    assert re.fullmatch(r"CRITICAL! (.*: )?unlisted-cc not in \S+ or /usr/lib/distcc whitelist\.", lines[0]), lines


def test_unwritable_pid_file_is_logged_and_the_daemon_serves(implementation, scratch):
    pid_file = os.path.join(scratch, "no-such-directory", "distccd.pid")
    d = start(implementation, scratch, extra_args=["--pid-file", pid_file])
    try:
        lines = log_messages(d, "pid file")
        reply = wire.compile_remote(d.port, [gcc_name(), "-c", "x.c", "-o", "x.o"])
    finally:
        d.stop()
    assert lines == [f"ERROR: failed to open pid file: {pid_file}: No such file or directory"], lines
    assert reply.status == 0, reply


def test_unwritable_pid_file_when_detaching(implementation, scratch):
    """Debian's init script starts `distccd --daemon --pid-file=...`: the command must
    succeed even when the file cannot be written, and the detached daemon serve."""
    pid_file = os.path.join(scratch, "no-such-directory", "distccd.pid")
    log = os.path.join(scratch, f"{implementation}-detached.log")
    daemons.world_writable_file(log)
    port = procs.free_port()
    tmpdir = daemontest.world_writable_dir(os.path.join(scratch, "tmp"))
    r = procs.run([DAEMONS[implementation], "--daemon", "--port", str(port), "--listen", "127.0.0.1", "--allow",
                   "127.0.0.1", "--pid-file", pid_file, "--log-file", log, "--jobs", "1", "--lifetime", "60"],
                  env=dict(os.environ, TMPDIR=tmpdir), timeout=30)
    procs.wait_for_port(port)
    main = detached_daemon(log)
    try:
        assert r.returncode == 0, r.stderr
        assert f"failed to open pid file: {pid_file}: No such file or directory" in procs.read_text(log)
    finally:
        procs.stop_pid(main)


@pytest.mark.needs_root
def test_root_daemon_without_user_option(implementation, scratch):
    expected = next(pwd.getpwnam(name) for name in DEFAULT_USERS[implementation] if has_user(name))
    d = start(implementation, scratch)
    try:
        workers = daemontest.wait_for_workers(d, 2)
        uids = {daemontest.uid_of(p) for p in [d.proc.pid] + workers}
    finally:
        d.stop()
    assert uids == {expected.pw_uid}, (uids, expected.pw_name)


def has_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def gcc_name():
    """The compiler name a whitelist has on this machine (Debian's masquerade dir)."""
    for name in ("x86_64-linux-gnu-gcc", "gcc"):
        if os.access(os.path.join("/usr/lib/distcc", name), os.X_OK):
            return name
    pytest.skip("no gcc in /usr/lib/distcc (apt-get install distcc)")


def detached_daemon(log):
    """The PID of the detached daemon that writes `log`: it leads its own session
    and names the log file on its command line (we started it; nothing else does)."""
    def find():
        for entry in os.listdir("/proc"):
            if entry.isdigit() and log.encode() in procs_cmdline(entry) and os.getsid(int(entry)) == int(entry):
                return int(entry)
        return None
    return procs.wait_until(find, 10, what="the detached daemon")


def procs_cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""
