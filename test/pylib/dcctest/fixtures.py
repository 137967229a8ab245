"""pytest fixtures shared by every tier.  A tier's conftest.py does
`from dcctest.fixtures import *`.

  scratch        a fresh directory under $TMPDIR (mode 0755 so a daemon that dropped
                 privileges can read it), removed on success, kept and printed on failure
                 (kept_on_failure(), also used for a tier's session-wide directories)
  distcc_env     an environment for running a distcc client: private DISTCC_DIR,
                 no inherited DISTCC_* variables, backoff off unless a test wants it
  debian_daemon  Debian's distccd 3.4 on a free loopback port (skips if not installed)
  our_daemon     our distccd on a free loopback port (skips if not built)
  sshd           an OpenSSH server on a loopback port (skips if sshd is missing)

Markers: needs_root (skipped unless root), slow (a long scenario) and peer_only (a
case that runs only Debian's programs, e.g. the 3.4 x 3.4 corner of a matrix).  With
DCC_SANITIZER_TIER=1 (test/run-all.sh sets it for the ASan+UBSan build) slow and
peer_only cases are skipped: each slow matrix runs once, in the gcc build's tier, and
a case without our programs has nothing for the sanitizers to check.
"""
import contextlib
import os
import shutil
import tempfile

import pytest

from . import daemons, hermetic, paths, procs
from .sshd import Sshd


def pytest_configure(config):
    hermetic.apply()
    config.addinivalue_line("markers", "needs_root: runs only as root (namespaces, privilege drop)")
    config.addinivalue_line("markers", "slow: a longer scenario (still part of make check)")
    config.addinivalue_line("markers", "peer_only: runs only Debian's programs, none of ours")


def peer_only_unless(ours_involved):
    """Marks for a matrix case: peer_only when none of our programs takes part."""
    return [] if ours_involved else [pytest.mark.peer_only]


def pytest_collection_modifyitems(config, items):
    once = pytest.mark.skip(reason="run once, in the gcc build's tier (DCC_SANITIZER_TIER=1)")
    if os.environ.get("DCC_SANITIZER_TIER") == "1":
        for item in items:
            if "slow" in item.keywords or "peer_only" in item.keywords:
                item.add_marker(once)
    if os.geteuid() == 0:
        return
    skip = pytest.mark.skip(reason="needs root (CI runs these as root with -m needs_root)")
    for item in items:
        if "needs_root" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.dcc_failed = report.failed


@contextlib.contextmanager
def kept_on_failure(prefix, label, failed):
    """A fresh directory under $TMPDIR (mode 0755, so a daemon that dropped privileges
    can read it), removed at the end of the block unless failed() is true or
    DCC_KEEP_SCRATCH is set; then "<label> kept: <path>" is printed instead."""
    path = tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR") or "/tmp")
    os.chmod(path, 0o755)
    yield path
    if failed() or os.environ.get("DCC_KEEP_SCRATCH"):
        print(f"\n{label} kept: {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def scratch(request):
    with kept_on_failure("dcc-test-", "scratch directory",
                         lambda: getattr(request.node, "dcc_failed", False)) as path:
        yield path


def clean_client_env(scratch_dir, hosts=None, **extra):
    """Environment for a distcc client: everything distcc-related removed, a private
    DISTCC_DIR inside the scratch dir, DISTCC_PREPROCESS=full unless `extra` says
    otherwise (DISTCC_PREPROCESS=None: unset, the default), and the given DISTCC_HOSTS."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("DISTCC") or k.startswith("INCLUDE_SERVER") or k == "_DISTCC_SAFEGUARD"
                   or k in ("CCACHE_PREFIX", "DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES",
                            "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "UNCACHED_ERR_FD"))}
    distcc_dir = os.path.join(scratch_dir, "distcc-dir")
    os.makedirs(distcc_dir, exist_ok=True)
    env["DISTCC_DIR"] = distcc_dir
    env["HOME"] = scratch_dir
    # The tests written before warning-faithful preprocessing check full mode's
    # properties (byte-identical objects at -g where no macro expands, 3.4's
    # diagnostics normalisations); faithful mode, the default, has its own tests
    # (warning_corpus.py), which pass DISTCC_PREPROCESS themselves.
    env["DISTCC_PREPROCESS"] = "full"
    if hosts is not None:
        env["DISTCC_HOSTS"] = hosts
    env.update({k: str(v) for k, v in extra.items() if v is not None})
    for k in [k for k, v in extra.items() if v is None]:
        env.pop(k, None)
    return env


@pytest.fixture
def distcc_env(scratch):
    return clean_client_env(scratch)


def _daemon(binary, scratch, **kwargs):
    d = daemons.Daemon(binary, scratch, **kwargs)
    d.start()
    return d


@pytest.fixture
def debian_daemon(scratch):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    d = _daemon(paths.DEBIAN_DISTCCD, scratch, name="debian-distccd")
    yield d
    d.stop()


@pytest.fixture
def our_daemon(scratch):
    if not paths.ours("distccd"):
        pytest.skip("our distccd has not been built")
    d = _daemon(paths.OUR_DISTCCD, scratch, name="our-distccd")
    yield d
    d.stop()


@pytest.fixture
def sshd(scratch):
    if not Sshd.available():
        pytest.skip("OpenSSH server not installed (apt-get install openssh-server)")
    s = Sshd(scratch)
    s.start()
    yield s
    s.stop()


__all__ = ["pytest_configure", "pytest_collection_modifyitems", "pytest_runtest_makereport",
           "scratch", "distcc_env", "clean_client_env", "debian_daemon", "our_daemon", "sshd"]
