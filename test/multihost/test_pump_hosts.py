"""Pump mode over three hosts in their own network namespaces (root only).

Every host runs our distccd; the host list marks each `,cpp,lzo`; the build of the
generated tree runs under our `pump` wrapper, which starts our include server, so
every job goes out in protocol 3 (each daemon logs `got DIST00000003` at debug
level).  The first host is SIGKILLed with a job in flight; the build must still
finish within its bound with every object byte-identical to the local build's and
every .d file the same rule (gcc's line breaks may differ), the other hosts must have compiled jobs, no daemon may have served a job in
another protocol, and the client must have backed the killed host off.
"""
import os
import re
import time

import pytest

from dcctest import include_server as isv
from dcctest import outputs, paths, procs, trees
from dcctest.gentree import DEFAULT_UNITS as UNITS

pytestmark = pytest.mark.needs_root

PUMP = os.path.join(paths.TOP_BUILDDIR, "pump")
BOUND_S = 60            # the whole build, the fault included (24 jobs at -j6 on 2 CPUs)
IN_FLIGHT_WAIT_S = 30   # bound on waiting for the victim to have a job in flight


@pytest.mark.parametrize("implementation", ["ours"], indirect=True)
def test_pump_build_survives_a_host_killed_mid_build(make_cluster, generated_reference, scratch):
    for program in (PUMP, isv.BINARY):
        if not os.access(program, os.X_OK):
            pytest.skip(f"{program} is not built")
    c = make_cluster(hosts=3, daemon_log_level="debug")
    hosts = c.host_list({i: ",cpp,lzo" for i in range(3)})
    pump_tmp = os.path.join(scratch, "pump-tmp")
    os.makedirs(pump_tmp, exist_ok=True)
    env = c.client_env(hosts=hosts, DISTCC_INCLUDE_SERVER=isv.BINARY, TMPDIR=pump_tmp)
    tree = generated_reference.path
    generated_reference.reset()

    start = time.monotonic()
    proc = c.start_make(tree, c.compilers(), env=env, wrapper=[PUMP])
    try:
        in_flight = c.wait_for_job_in_flight(c.daemons[0], proc, IN_FLIGHT_WAIT_S)
        c.daemons[0].kill_group()
        _out, err = proc.communicate(timeout=BOUND_S * 2)
    finally:
        if proc.poll() is None:
            procs.stop_pid(proc.pid)
    seconds = time.monotonic() - start
    assert proc.returncode == 0, err
    assert seconds < BOUND_S, f"pump build took {seconds:.1f}s, bound {BOUND_S}s"
    assert "__________Using 3 distcc servers in pump mode" in err, err
    assert "__________Shutting down distcc-pump include server" in err, err
    local_build = generated_reference.local
    verdicts = outputs.compare_objects(tree, local_build)  # byte-identical, -g included
    assert len(verdicts) == UNITS
    # .d files: the same rule; the server's gcc wrapped the line where the longer
    # path under its root ended, and the rewrite keeps the break (as 3.4's does).
    deps = trees.dep_files(local_build)
    assert trees.dep_files(tree) == deps and len(deps) == UNITS
    for rel in deps:
        with open(os.path.join(tree, rel)) as built, open(os.path.join(local_build, rel)) as local:
            assert outputs.dep_rule(built.read()) == outputs.dep_rule(local.read()), rel

    healthy = [d.count() for d in c.daemons[1:]]
    assert all(n > 0 for n in healthy), f"jobs on the healthy hosts: {healthy}\n{err}"
    for d in c.daemons[1:]:  # a summary follows its reply
        def summarised(d=d):
            return len(d.summaries()) == len(re.findall(r"got DIST0000000\d", d.log_text()))
        procs.wait_until(summarised, 10, what=f"the job summaries of {d.host.label}")
    versions = {d.listen: re.findall(r"got DIST0000000(\d)", procs.read_text(d.log_path)) for d in c.daemons}
    assert all(v and set(v) == {"3"} for v in versions.values()), versions
    backoff = c.backoff_file(env, c.daemons[0])
    assert os.path.exists(backoff), f"victim not backed off: {os.listdir(os.path.dirname(backoff))}"
    local = err.count("running locally")
    print(f"\npump build with a host killed: {seconds:.1f}s (bound {BOUND_S}s), {in_flight} jobs in flight at "
          f"the kill, protocol-3 jobs per host {[len(v) for v in versions.values()]}, healthy hosts' compiles "
          f"{healthy}, {local} local fallbacks")
