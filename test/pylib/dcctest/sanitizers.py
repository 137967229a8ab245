"""sanitizers -- notice ASan/LSan/UBSan reports from our programs in the pytest tiers.

In a --enable-sanitizers build a daemon's report goes to its stderr, which the Daemon
classes hold as a pipe nobody reads, and a leak found at exit does not fail anything
by itself.  stop_daemon() stops a daemon and returns whatever it wrote to stderr;
reports() picks the sanitizer reports out of any text (a daemon's stderr, a build's
stderr).  What it deliberately does not do: decide whether sanitizers are on; in a
plain build there is simply never a report.
"""
import os
import re

from . import procs

REPORT = re.compile(r"^.*(ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|"
                    r"runtime error: ).*$", re.MULTILINE)


def reports(text):
    """The report lines in text ([] when clean)."""
    return [m.group(0) for m in REPORT.finditer(text or "")]


def _drain(stream, limit=1 << 20):
    """What can be read from a pipe without blocking (the writer may have children
    that still hold it open)."""
    fd = stream.fileno()
    os.set_blocking(fd, False)
    chunks, total = [], 0
    while total < limit:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks).decode(errors="replace")


def stop_daemon(daemon):
    """Stop a daemons.Daemon (or subclass) and return its stderr text."""
    proc = daemon.proc
    if proc is None:
        return ""
    if hasattr(daemon, "resume_group"):
        daemon.resume_group()  # a SIGSTOPped daemon would sit on its SIGTERM
    procs.stop_pid(proc.pid)
    text = _drain(proc.stderr) if proc.stderr else ""
    daemon.stop()
    return text
