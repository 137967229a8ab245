"""Fixtures for the interop tier: the shared ones from test/pylib/dcctest, plus the
local reference builds every combination is compared with (built once per session at
a fixed path, so DW_AT_comp_dir matches the distributed builds made there later).

Like every tier it runs with LC_ALL=C (dcctest.hermetic): a daemon started by sshd gets
no locale at all, so without a fixed one the ssh column would differ in gcc's quote
characters for reasons that have nothing to do with distcc."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))
sys.path.insert(0, os.path.dirname(__file__))

from dcctest.fixtures import *  # noqa: E402,F401,F403
from dcctest.fixtures import kept_on_failure  # noqa: E402
from dcctest import outputs, procs, projects  # noqa: E402
from diagnostic_cases import DIAGNOSTIC_CASES, compile_command  # noqa: E402


@pytest.fixture(scope="session")
def reference_dir(request):
    with kept_on_failure("dcc-interop-", "reference directory", lambda: request.session.testsfailed) as path:
        yield path


@pytest.fixture(scope="session")
def mixed_reference(reference_dir):
    return outputs.Reference("mixed", os.path.join(reference_dir, "mixed"))


@pytest.fixture(scope="session")
def diagnostics_reference(reference_dir):
    """The diagnostics tree built locally (`make all`), plus the local compiler's
    stderr and exit status for every case of DIAGNOSTIC_CASES, keyed by source file."""
    ref = outputs.Reference("diagnostics", os.path.join(reference_dir, "diagnostics"))
    ref.diagnostics = {}
    for case in DIAGNOSTIC_CASES:
        r = procs.run(compile_command(case), cwd=ref.path, timeout=120)
        ref.diagnostics[case.source] = (r.returncode, r.stderr)
    ref.reset()
    return ref


def _project(kind, reference_dir):
    try:
        return kind(os.path.join(reference_dir, "projects"))
    except projects.Unavailable as e:
        pytest.skip(str(e))


@pytest.fixture(scope="session")
def libiberty(reference_dir):
    os.makedirs(os.path.join(reference_dir, "projects"), exist_ok=True)
    return _project(projects.Libiberty, reference_dir)


@pytest.fixture(scope="session")
def googletest(reference_dir):
    os.makedirs(os.path.join(reference_dir, "projects"), exist_ok=True)
    return _project(projects.Googletest, reference_dir)
