"""Starting and stopping processes the tests own.

Every wait is bounded.  Processes are stopped only by the PID we started (SIGTERM,
then SIGKILL after a grace period); nothing here kills by name.
"""
import errno
import os
import signal
import socket
import subprocess
import time


class Timeout(Exception):
    pass


def wait_until(predicate, timeout, interval=0.02, what="condition"):
    """Poll predicate() until true; raise Timeout after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise Timeout(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def port_accepts(port, host="127.0.0.1"):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        try:
            s.connect((host, port))
            return True
        except OSError:
            return False


def wait_for_port(port, host="127.0.0.1", timeout=10, proc=None):
    def ready():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        return port_accepts(port, host)
    wait_until(ready, timeout, what=f"{host}:{port} to accept connections")


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError as e:
        return e.errno == errno.EPERM


def stop_pid(pid, grace=5.0, sig=signal.SIGTERM):
    """Signal one PID we started and wait (bounded) for it to disappear."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return
        except ChildProcessError:
            if not pid_alive(pid):
                return
        time.sleep(0.02)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        wait_until(lambda: not pid_alive(pid), 5, what=f"pid {pid} to die")


def read_pid_file(path, timeout=10):
    def read():
        try:
            with open(path) as f:
                text = f.read().strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None
    return wait_until(read, timeout, what=f"pid file {path}")


def read_text(path):
    """The text of a file (undecodable bytes replaced), or "" when it cannot be read
    (a log a process has not written yet, a /proc file of a process that is gone)."""
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def run(cmd, timeout=120, check=False, **kwargs):
    """subprocess.run with a timeout and captured text output by default."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("text", True)
    return subprocess.run(cmd, timeout=timeout, check=check, **kwargs)


def free_port(host="127.0.0.1"):
    """A TCP port that was free a moment ago (bind to 0 and release)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def tool_exists(name):
    import shutil
    return shutil.which(name) is not None
