"""Fault scenarios on a three-host build (network namespaces, root only).

The first host in DISTCC_HOSTS is the victim, so the client reaches for it first.
Each scenario breaks it -- before the build or while it has a job in flight -- and
asserts that
  1. the build still finishes, within the scenario's stated wall-time bound, with
     every object and .d file matching the local build;
  2. the other hosts compiled jobs;
  3. the client backed the victim off ($DISTCC_DIR/lock/backoff_tcp_<ip>_<port>_0);
  4. once repaired, the victim gets no job while the backoff file is fresh (one
     compile goes elsewhere although the victim is first in the list) ...
  5. ... and gets the next job once DISTCC_BACKOFF_PERIOD has passed, whose success
     removes the backoff file.
"""
import collections
import os
import time

import pytest

from dcctest import outputs, procs

pytestmark = pytest.mark.needs_root

BACKOFF_PERIOD_S = 8     # DISTCC_BACKOFF_PERIOD for these builds
FRESH_FOR_S = 3          # how long step 4's backoff file stays fresh
IO_TIMEOUT_S = 4         # DISTCC_IO_TIMEOUT for the SIGSTOP scenario
IN_FLIGHT_WAIT_S = 30    # bound on waiting for the victim to have a job in flight

Fault = collections.namedtuple("Fault", "mid_build inject repair bound_s env why tool", defaults=(None,))


def kill_daemon(c, victim):
    c.daemons[victim].kill_group()


def restart_daemon(c, victim):
    c.restart_daemon(victim)


def stop_daemon(c, victim):
    c.daemons[victim].pause_group()


def continue_daemon(c, victim):
    c.daemons[victim].resume_group()


def drop_packets(c, victim):
    c.daemons[victim].host.drop_all_packets()


def accept_packets(c, victim):
    c.daemons[victim].host.accept_packets()


def unplug(c, victim):
    c.daemons[victim].host.set_link(False)


def plug_in(c, victim):
    c.daemons[victim].host.set_link(True)


# Bounds: a healthy build of the 24 jobs takes 5-10 s here; each bound adds what the
# fault costs (a 4 s connect timeout, the I/O timeout, retries after the backoff
# period) and leaves room for a loaded 2-CPU CI machine and sanitizer builds.
FAULTS = {
    "sigkill-mid-build": Fault(True, kill_daemon, restart_daemon, 60, {},
                               "jobs in flight see EOF; new connects are refused"),
    "sigstop-mid-build": Fault(True, stop_daemon, continue_daemon, 75,
                               {"DISTCC_IO_TIMEOUT": IO_TIMEOUT_S},
                               "connects succeed (kernel backlog), replies never come"),
    "port-refuses": Fault(False, kill_daemon, restart_daemon, 60, {},
                          "nothing listens: connection refused"),
    "nft-drop-all": Fault(False, drop_packets, accept_packets, 90, {},
                          "every packet dropped: 4 s connect timeouts", "nft"),
    "link-down": Fault(False, unplug, plug_in, 90, {},
                       "cable out of the bridge: ARP fails, connects time out"),
}


def run_faulty_build(c, fault, tree, env):
    """Returns (exit status, stderr, wall seconds, connections in flight at the fault)."""
    start = time.monotonic()
    if not fault.mid_build:
        fault.inject(c, 0)
        r, _ = c.make(tree, c.compilers(), env=env)
        return r.returncode, r.stderr, time.monotonic() - start, 0
    proc = c.start_make(tree, c.compilers(), env=env)
    try:
        in_flight = c.wait_for_job_in_flight(c.daemons[0], proc, IN_FLIGHT_WAIT_S)
        fault.inject(c, 0)
        _out, err = proc.communicate(timeout=fault.bound_s * 2)
    finally:
        if proc.poll() is None:
            procs.stop_pid(proc.pid)
    return proc.returncode, err, time.monotonic() - start, in_flight


def settle(daemon, quiet_s=1.0, timeout=15):
    """Wait until the daemon's count of finished jobs stops changing: a resumed daemon
    finishes the jobs whose clients gave up on it (their compilers, in process groups
    of their own, were never stopped, so only the replies are left).  Returns that
    count.  (Not "until its TMPDIR is empty": SIGKILLed workers leave files there.)"""
    last = [daemon.count(), time.monotonic()]

    def quiet():
        n = daemon.count()
        if n != last[0]:
            last[:] = [n, time.monotonic()]
            return False
        return time.monotonic() - last[1] >= quiet_s
    procs.wait_until(quiet, timeout, interval=0.05, what="the victim to settle")
    return last[0]


def wait_for_backoff_to_expire(path):
    expiry = os.stat(path).st_mtime + BACKOFF_PERIOD_S + 0.5
    delay = expiry - time.time()
    assert delay <= BACKOFF_PERIOD_S + 1, f"backoff file from the future: {delay}s"
    if delay > 0:
        time.sleep(delay)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault(name, make_cluster, generated_reference):
    fault = FAULTS[name]
    if fault.tool and not procs.tool_exists(fault.tool):
        pytest.skip(f"'{fault.tool}' is not installed (test/install-deps.sh installs it)")
    c = make_cluster(hosts=3)
    env = c.client_env(DISTCC_BACKOFF_PERIOD=BACKOFF_PERIOD_S, **fault.env)
    tree = generated_reference.path
    generated_reference.reset()

    rc, err, seconds, in_flight = run_faulty_build(c, fault, tree, env)
    assert rc == 0, err
    assert seconds < fault.bound_s, f"{name}: build took {seconds:.1f}s, bound {fault.bound_s}s ({fault.why})"
    outputs.compare_build(tree, generated_reference.local, c.client_binary)
    healthy = [d.count() for d in c.daemons[1:]]
    assert all(n > 0 for n in healthy), f"jobs on the healthy hosts: {healthy}\n{err}"
    backoff = c.backoff_file(env, c.daemons[0])
    assert os.path.exists(backoff), f"victim not backed off: {os.listdir(os.path.dirname(backoff))}"

    fault.repair(c, 0)
    victim = c.daemons[0]
    served = settle(victim)
    obj = os.path.join(tree, "obj/unit00.o")
    one = [c.client_binary, "gcc", "-O2", "-g", "-c", "src/unit00.c", "-o", "obj/unit00.o"]

    # The client's own backoff file, dated so that it stays fresh for FRESH_FOR_S more
    # seconds whatever the faulty build's length: the victim, first in the list and
    # repaired, must still be skipped.
    fresh_since = time.time() - BACKOFF_PERIOD_S + FRESH_FOR_S
    os.utime(backoff, (fresh_since, fresh_since))
    r = c.client.run(one, cwd=tree, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert time.time() < fresh_since + BACKOFF_PERIOD_S, "the compile outlasted the fresh backoff"
    time.sleep(0.5)  # a summary line would follow the reply within milliseconds
    assert victim.count() == served, "the victim was used while backed off"
    assert os.path.exists(backoff)

    # Once the period has passed, the next job goes to the victim again (first in the
    # list) and its success removes the backoff file.  In list order: load-aware choice
    # still counts the victim's recent failures against it (doc/client.md §8.1) and
    # prefers the idle healthy hosts.
    wait_for_backoff_to_expire(backoff)
    os.unlink(obj)
    r = c.client.run(one, cwd=tree, env=dict(env, DISTCC_LOAD_AWARE="0"), timeout=60)
    assert r.returncode == 0, r.stderr
    procs.wait_until(lambda: victim.count() > served, 10, what="the repaired victim's job")
    assert not os.path.exists(backoff), "a successful job should remove the backoff file"
    assert outputs.objects.compare(obj, os.path.join(generated_reference.local, "obj/unit00.o"))[0] == "identical"
    local = err.count("running locally")
    print(f"\n{name}: faulty build {seconds:.1f}s (bound {fault.bound_s}s), {in_flight} jobs in flight "
          f"at the fault, healthy hosts {healthy}, {local} local fallbacks")
