"""hermetic -- make a test run independent of how it was started.

`make -j2 check`, `make check` from a German desktop session with umask 077, and
`python3 -m pytest` from another directory must give the same results.  What leaks
in otherwise, and why it matters:

  MAKEFLAGS, MFLAGS, MAKELEVEL, MAKEOVERRIDES, GNUMAKEFLAGS
               a `make` started by a test inherits the caller's -j, -k and jobserver
               (whose descriptors are closed by then): it warns "jobserver
               unavailable", and builds compared by their stderr differ
  LC_ALL, LANG, LANGUAGE
               gcc translates its diagnostics and quotes identifiers as ‘x’ in UTF-8
               locales but 'x' in C; a daemon started by sshd gets no locale at all
               (distcc does not forward it); everything runs with LC_ALL=C
  umask        files the tests create must be readable by a daemon that dropped
               root, and objects and .d files are compared with modes that the umask
               decides; everything runs with umask 022

apply() is called once per pytest process (fixtures.pytest_configure) and by
test/run-suite.sh's equivalent shell lines for every suite.  Working-directory
independence is paths' concern: every path it hands out is absolute.
"""
import os

MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS")
LOCALE = "C"
UMASK = 0o022


def apply(environ=os.environ):
    """Normalize this process (and so every child it starts)."""
    for name in MAKE_VARIABLES + ("LANGUAGE",):
        environ.pop(name, None)
    environ["LC_ALL"] = LOCALE
    os.umask(UMASK)
