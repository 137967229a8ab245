"""Real projects whose sources Debian ships, built through distcc against a local
build of the same tree at the same path: GNU libiberty (C, autoconf, `make CC=`) and
googletest + googlemock (C++, CMake with CMAKE_{C,CXX}_COMPILER_LAUNCHER, -MD -MT -MF
dependency files).  One test id per project and implementation (client and daemon
of the same kind, TCP with lzo; the interop matrix mixes them).

Checks: the build succeeds with every compile served by the daemon; objects equal
in code and data with DWARF differing at most in column numbers (both projects expand
macros everywhere; the count of byte-identical ones is printed); .d files identical;
make's stderr equal to the local build's after the allowed normalisations -- here
`fallthrough-comments`: plain mode's server-side gcc warns -Wimplicit-fallthrough
where the source says /* FALLTHRU */, because `gcc -E` drops comments (libiberty
shows 22 such warnings under distcc 3.4 and none locally).
"""
import os

import pytest

from dcctest import daemons, outputs, paths, procs, sanitizers
from dcctest.fixtures import clean_client_env, peer_only_unless

IMPLEMENTATIONS = {"ours": (paths.OUR_DISTCC, paths.OUR_DISTCCD),
                   "debian": (paths.DEBIAN_DISTCC, paths.DEBIAN_DISTCCD)}
ALLOWED_STDERR_STEPS = {"client-lines", "excerpts", "fallthrough-comments"}


@pytest.fixture(params=[pytest.param(name, marks=peer_only_unless(name == "ours")) for name in sorted(IMPLEMENTATIONS)])
def implementation(request):
    for binary in IMPLEMENTATIONS[request.param]:
        if not os.access(binary, os.X_OK):
            pytest.skip(f"{binary} is not built/installed yet")
    return IMPLEMENTATIONS[request.param]


@pytest.fixture(params=["libiberty", "googletest"])
def project(request):
    return request.getfixturevalue(request.param)


def test_real_project(project, implementation, scratch):
    client, daemon_binary = implementation
    daemon = daemons.Daemon(daemon_binary, scratch, name="project-distccd").start()
    try:
        env = clean_client_env(scratch, hosts=daemon.host_spec("/4,lzo"))
        r = project.build(client, env)
        assert r.returncode == 0, r.stderr[-5000:]
        procs.wait_until(lambda: len(daemon.summaries()) >= project.objects, 10, what="job summaries")
        categories = [s["category"] for s in daemon.summaries()]
    finally:
        daemon_stderr = sanitizers.stop_daemon(daemon)
    assert not sanitizers.reports(daemon_stderr + r.stderr), daemon_stderr
    # One OTHER is the readiness probe of Daemon.start (connects, sends nothing).
    assert categories.count("COMPILE_OK") == project.objects and len(categories) <= project.objects + 1, \
        categories

    verdicts = outputs.compare_objects(project.path, project.local, columns_allowed="*")
    outputs.compare_deps(project.path, project.local)
    steps = outputs.diagnostics_verdict(r.stderr, project.local_result.stderr)
    assert steps is not None and set(steps) <= ALLOWED_STDERR_STEPS, \
        f"stderr differs ({steps}):\n--- distributed\n{r.stderr[-5000:]}\n--- local\n{project.local_result.stderr}"
    identical = sum(1 for v, _ in verdicts.values() if v == "identical")
    print(f"\n{project.name}: {len(verdicts)} objects, {identical} byte-identical, the rest "
          f"columns-only; stderr needed {'+'.join(steps) or 'nothing'}")
