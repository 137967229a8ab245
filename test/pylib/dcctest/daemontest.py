"""daemontest -- helpers for the distccd tests (test/integration/test_daemon_*.py).

  our_daemon_for(scratch, **kw)  our distccd on a free loopback port (pylib Daemon)
  fake_compiler(dir, name, body) a shell-script "compiler" that copies its input to
                                 its output after running `body`; handles -E too, so
                                 Debian's client can preprocess with it
  cmdlist_env(...)               DISTCC_CMDLIST naming fake compilers (the way to
                                 whitelist them without touching /usr/lib/distcc)
  max_concurrency(log)           the most overlapping start/end intervals in a log
  wait_gone(pid)                 bounded wait for a process to disappear
  children_of(pid), state_of(pid), fd_count(pid)   /proc readers

It starts nothing on its own and decides nothing a test asserts.
"""
import os
import time

from . import daemons, paths, procs

FAKE_TEMPLATE = """#!/bin/sh
# {name}: a fake compiler for the distccd tests.
out=; in=; mode=compile
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -E) mode=preprocess ;;
    -c|-S) ;;
    -*) ;;
    *) in=$1 ;;
  esac
  shift
done
if [ "$mode" = preprocess ]; then cat "$in"; exit 0; fi
{body}
cp "$in" "$out"
"""


def fake_compiler(directory, name, body=""):
    """Write an executable fake compiler; returns its path."""
    os.makedirs(directory, exist_ok=True)
    os.chmod(directory, 0o755)
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(FAKE_TEMPLATE.format(name=name, body=body))
    os.chmod(path, 0o755)
    return path


def cmdlist_env(scratch, programs, base=None):
    """Environment for a daemon whose DISTCC_CMDLIST lists exactly `programs`."""
    path = os.path.join(scratch, "cmdlist")
    with open(path, "w") as f:
        f.write("".join(p + "\n" for p in programs))
    os.chmod(path, 0o644)
    env = dict(os.environ if base is None else base)
    env["DISTCC_CMDLIST"] = path
    return env


def world_writable_dir(path):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, 0o1777)
    return path


def our_daemon_for(scratch, **kwargs):
    """Our distccd, started; the caller stops it (or uses it as a context manager)."""
    kwargs.setdefault("name", "our-distccd")
    return daemons.Daemon(paths.OUR_DISTCCD, scratch, **kwargs).start()


def max_concurrency(log_path):
    """Lines 'start <ns>' / 'end <ns>' -> the largest number of open intervals."""
    events = []
    with open(log_path) as f:
        for line in f:
            kind, stamp = line.split()
            events.append((int(stamp), 1 if kind == "start" else -1))
    events.sort(key=lambda e: (e[0], e[1]))  # an end at the same instant closes first
    current = best = 0
    for _, delta in events:
        current += delta
        best = max(best, current)
    return best


def wait_gone(pid, timeout=5):
    procs.wait_until(lambda: not procs.pid_alive(pid) or state_of(pid) == "Z", timeout,
                     what=f"pid {pid} to exit")


def state_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def children_of(pid):
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return out


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def uid_of(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Uid:"):
                return int(line.split()[1])
    return None


read_text = procs.read_text  # for the tests that read /proc files and logs


def wait_for_log(daemon, text, timeout=10):
    procs.wait_until(lambda: text in daemon.log_text(), timeout, what=f"{text!r} in the daemon log")


def wait_for_summaries(daemon, count, timeout=10):
    procs.wait_until(lambda: len(daemon.summaries()) >= count, timeout, what=f"{count} job summaries")
    return daemon.summaries()


def elapsed(fn):
    start = time.monotonic()
    value = fn()
    return value, time.monotonic() - start


def job_leftovers(daemon):
    """What jobs left behind in a running daemon's TMPDIR.  Each worker keeps one
    work directory (distccd_XXXXXX) for its life and reuses the input files in it;
    anything else -- another file, a directory, an object, a compiler's temp file --
    is a leftover.  After the daemon stops, TMPDIR must be empty (stopped_clean)."""
    out = []
    for name in sorted(os.listdir(daemon.tmpdir)):
        path = os.path.join(daemon.tmpdir, name)
        if name.startswith("distccd_") and os.path.isdir(path) and not os.path.islink(path):
            out += [f"{name}/{f}" for f in sorted(os.listdir(path)) if not f.startswith("input.")]
        else:
            out.append(name)
    return out


def stopped_clean(daemon, timeout=5):
    """Stop the daemon and return what is left in its TMPDIR (should be []).  The
    workers clean up after the main process has gone, so this waits a little."""
    daemon.stop()
    try:
        procs.wait_until(lambda: not os.listdir(daemon.tmpdir), timeout, what="an empty TMPDIR")
    except procs.Timeout:
        pass
    return sorted(os.listdir(daemon.tmpdir))


def wait_for_workers(daemon, count, timeout=10):
    """The PIDs of a standalone daemon's prefork workers, once all `count` exist."""
    def workers():
        kids = children_of(daemon.proc.pid)
        return kids if len(kids) >= count else None
    return procs.wait_until(workers, timeout, what=f"{count} workers")
