"""A build spread over three hosts in their own network namespaces, and --allow
across namespaces.

The hosts differ the way real ones do: h2 speaks lzo, h3 sits behind a 10 Mbit/s
token-bucket link (tc tbf; this kernel has no netem for delay).  Every host must
compile jobs, nothing may fall back to a local compile, and every object and .d file
must match the local build (the generated tree is macro-free: byte-identical).
"""
import os

import pytest

from dcctest import cluster, outputs, procs
from dcctest.gentree import DEFAULT_UNITS as UNITS

pytestmark = pytest.mark.needs_root

SPREAD_BOUND_S = 60       # the whole distributed build, 24 jobs at -j6 on 2 CPUs


def test_build_spreads_over_every_host(make_cluster, generated_reference):
    if not procs.tool_exists("tc"):
        pytest.skip("'tc' (iproute2) is not installed")
    c = make_cluster(hosts=3)
    c.daemons[2].host.shape(rate="10mbit", burst="32kbit", latency="100ms")
    env = c.client_env(hosts=c.host_list({1: ",lzo"}), DISTCC_BACKOFF_PERIOD=5)
    generated_reference.reset()
    r, seconds = c.make(generated_reference.path, c.compilers(), env=env, jobs=6)
    assert r.returncode == 0, r.stderr
    assert seconds < SPREAD_BOUND_S, f"build took {seconds:.1f}s"
    procs.wait_until(lambda: sum(d.count() for d in c.daemons) >= UNITS, 10, what="job summaries")
    counts = [d.count() for d in c.daemons]
    assert all(n > 0 for n in counts), f"jobs per host {counts}"
    assert sum(counts) == UNITS, f"jobs per host {counts}; stderr:\n{r.stderr}"
    outputs.compare_build(generated_reference.path, generated_reference.local, c.client_binary)
    print(f"\njobs per host {counts} in {seconds:.1f}s")


def test_allow_refuses_a_namespace_outside_the_mask(make_cluster, generated_reference):
    c = make_cluster(hosts=1)
    daemon = c.daemons[0]
    outsider = c.add_outsider()
    generated_reference.reset()
    tree = generated_reference.path
    compile_one = [c.client_binary, "gcc", "-O2", "-g", "-MD", "-c", "src/unit00.c", "-o", "obj/unit00.o"]

    env = c.client_env(subdir="outsider", DISTCC_BACKOFF_PERIOD=60)
    r = outsider.run(compile_one, cwd=tree, env=env, timeout=60)
    assert r.returncode == 0, r.stderr  # refused remotely, compiled locally
    procs.wait_until(lambda: outsider.address in daemon.log_text(), 10, what="the refusal in the log")
    refusals = [line for line in daemon.log_text().splitlines() if outsider.address in line]
    assert any("denied" in line or "refus" in line for line in refusals), refusals
    assert daemon.count() == 0, daemon.log_text()
    assert os.path.exists(c.backoff_file(env, daemon)), os.listdir(os.path.dirname(c.backoff_file(env, daemon)))
    assert outputs.objects.compare(os.path.join(tree, "obj/unit00.o"),
                                   os.path.join(generated_reference.local, "obj/unit00.o"))[0] == "identical"

    inside_env = c.client_env(subdir="inside")
    r = c.client.run(compile_one, cwd=tree, env=inside_env, timeout=60)
    assert r.returncode == 0, r.stderr
    procs.wait_until(lambda: daemon.count() == 1, 10, what="the inside client's job")
    assert cluster.ALLOW_MASK in " ".join(daemon.argv())
