"""Locations of the programs under test.

Our binaries come from the build tree named by DCC_TOP_BUILDDIR (set by `make check`;
default: the source tree, for an in-tree build).  Debian's distcc 3.4 is the reference
peer in /usr/bin.
"""
import os
import shutil

# Absolute, so that nothing depends on the directory the tests were started from.
TOP_SRCDIR = os.path.abspath(os.environ.get(
    "DCC_TOP_SRCDIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")))
TOP_BUILDDIR = os.path.abspath(os.environ.get("DCC_TOP_BUILDDIR", TOP_SRCDIR))

OUR_DISTCC = os.path.join(TOP_BUILDDIR, "distcc")
OUR_DISTCCD = os.path.join(TOP_BUILDDIR, "distccd")
DEBIAN_DISTCC = "/usr/bin/distcc"
DEBIAN_DISTCCD = "/usr/bin/distccd"
FIXTURES = os.path.join(TOP_SRCDIR, "test", "fixtures")
FAKE_COMPILERS = os.path.join(TOP_SRCDIR, "test", "fake-compilers")


def ours(name):
    """Path of one of our built programs, or None when it has not been built.  The
    include server is built in its own directory (include_server/include_server)."""
    p = os.path.join(TOP_BUILDDIR, name)
    if os.path.isdir(p):
        p = os.path.join(p, name)
    return p if os.path.isfile(p) and os.access(p, os.X_OK) else None


def have_debian_distcc():
    return os.access(DEBIAN_DISTCC, os.X_OK) and os.access(DEBIAN_DISTCCD, os.X_OK)


def tool(name):
    """A system tool on PATH (gcc, clang, ssh, ...) or None."""
    return shutil.which(name)
