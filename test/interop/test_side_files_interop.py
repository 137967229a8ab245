"""The side-file extension (doc/protocol.md §16) in the interop matrix: our client and
Debian's distccd 3.4 -- the 3.4 daemon gets one probe (DIST 4, which it refuses by
closing, as it refuses every version above 3), never a request of version 5 or 6; the
job runs locally and the warning says why, so the .dwo and .su are there; the answer
is cached so a second job does not probe again.  Debian's client with our daemon
behaves as with Debian's daemon: the job is compiled remotely and the .dwo is lost
(3.4's own behaviour, unchanged)."""
import os
import subprocess

import pytest

from dcctest import paths, procs
from dcctest.fixtures import clean_client_env

pytestmark = [
    pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built"),
    pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed"),
]

SOURCE = "int f(int x) { return x * 3; }\n"
FLAGS = ["gcc", "-O2", "-g", "-gsplit-dwarf", "-fstack-usage", "-c", "t.c", "-o", "sub/t.o"]


def prepare(scratch, name):
    work = os.path.join(scratch, name)
    os.makedirs(os.path.join(work, "sub"))
    with open(os.path.join(work, "t.c"), "w") as f:
        f.write(SOURCE)
    return work


def compile_with(client, work, env):
    r = procs.run([client] + FLAGS, cwd=work, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def test_our_client_with_debian_daemon_runs_locally_with_reason(scratch, debian_daemon):
    work = prepare(scratch, "ours-vs-34")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec("/2,lzo"))
    for _ in range(2):
        r = compile_with(paths.OUR_DISTCC, work, env)
        assert "does not return side outputs" in r.stderr, r.stderr
        for suffix in (".o", ".dwo", ".su"):
            assert os.path.exists(os.path.join(work, "sub", "t" + suffix)), suffix
    procs.wait_until(lambda: "protocol version" in debian_daemon.log_text(), 10, what="3.4's log line")
    log = debian_daemon.log_text()
    assert log.count("requested protocol version is 4") == 1, log  # one probe, cached for the second job
    assert "version is 5" not in log and "version is 6" not in log, log
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    assert any(n.startswith("xcap0_") for n in os.listdir(lock_dir)), os.listdir(lock_dir)


@pytest.mark.parametrize("daemon_kind", ["ours", "debian"])
def test_debian_client_side_outputs_unchanged(scratch, daemon_kind, request):
    if daemon_kind == "ours" and not paths.ours("distccd"):
        pytest.skip("our distccd has not been built")
    daemon = request.getfixturevalue("our_daemon" if daemon_kind == "ours" else "debian_daemon")
    work = prepare(scratch, "34-vs-" + daemon_kind)
    env = clean_client_env(scratch, hosts=daemon.host_spec("/2"))
    compile_with(paths.DEBIAN_DISTCC, work, env)
    if daemon_kind == "ours":
        daemon.summaries_in("COMPILE_OK", expected=1)
    assert os.path.exists(os.path.join(work, "sub", "t.o"))
    # 3.4 loses the .dwo (and .su) with either daemon: the job went remote.
    assert not os.path.exists(os.path.join(work, "sub", "t.dwo"))
    assert not os.path.exists(os.path.join(work, "sub", "t.su"))
    r = subprocess.run(["readelf", "--debug-dump=info", os.path.join(work, "sub", "t.o")],
                       capture_output=True, text=True)
    assert "dwo_name" in r.stdout
