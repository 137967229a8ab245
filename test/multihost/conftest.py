"""Fixtures for the multi-host tier: the shared ones from test/pylib/dcctest, the
namespace probe (every test here is needs_root and skips with the probe's reason when
namespaces cannot be made), the implementation under test, a Cluster factory whose
clusters are torn down after the test whether it passed or not, and the generated
tree's local reference build (once per session, at a fixed path)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))

from dcctest.fixtures import *  # noqa: E402,F401,F403
from dcctest.fixtures import kept_on_failure  # noqa: E402
from dcctest import cluster, gentree, netns, outputs, paths  # noqa: E402

# client, daemon of each implementation under test (the interop tier mixes them)
IMPLEMENTATIONS = {"ours": (paths.OUR_DISTCC, paths.OUR_DISTCCD),
                   "debian": (paths.DEBIAN_DISTCC, paths.DEBIAN_DISTCCD)}


@pytest.fixture(scope="session")
def namespace_problem():
    """None, or why this machine cannot run the tier (printed as the skip reason)."""
    return netns.probe()


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def implementation(request):
    client, daemon = IMPLEMENTATIONS[request.param]
    for binary in (client, daemon):
        if not os.access(binary, os.X_OK):
            pytest.skip(f"{binary} is not built/installed yet")
    return request.param


@pytest.fixture
def make_cluster(scratch, namespace_problem, implementation):
    if namespace_problem:
        pytest.skip(namespace_problem)
    made = []

    def make(**kwargs):
        client, daemon = IMPLEMENTATIONS[implementation]
        made.append(cluster.Cluster(scratch, client, daemon, **kwargs))
        return made[-1]
    yield make
    for c in made:
        c.close()
    found = [line for c in made for line in c.sanitizer_reports]
    assert not found, f"sanitizer reports from the daemons: {found}"


@pytest.fixture(scope="session")
def generated_reference(request, namespace_problem):
    if namespace_problem:
        pytest.skip(namespace_problem)
    with kept_on_failure("dcc-multihost-", "reference directory", lambda: request.session.testsfailed) as base:
        yield outputs.Reference("generated", os.path.join(base, "tree"), generate=gentree.write)
