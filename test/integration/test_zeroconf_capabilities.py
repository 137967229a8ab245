"""Capability-aware zeroconf (doc/daemon.md §12.1, doc/client.md §7.4) on a private
mDNS network (dcctest.avahi): what our publisher adds to 3.4's TXT records and what
a `+zeroconf` browser makes of it -- host options, compilers matched by name and
identity, records kept current -- with scripted compilers on a scratch PATH, and
the hosts file read by Debian's distcc 3.4 too.  The publisher and the browser run
in zeroconf-peer (test/unit/zeroconf/zeroconf_peer.cpp); our distcc shows how it
reads the file under and outside pump.
"""
import os

import pytest

from dcctest import avahi, paths, procs
from dcctest.clientrun import write
from dcctest.fixtures import clean_client_env
from test_zeroconf_interop import ZEROCONF_PEER, browser_dirs, debian_show_hosts, net, peers  # noqa: F401

pytestmark = pytest.mark.needs_root


def fake_compiler(directory, name, version, machine):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    write(path, f"#!/bin/sh\ncase \"$1\" in\n  -dumpversion) echo {version};;\n"
                f"  -dumpmachine) echo {machine};;\nesac\n")
    os.chmod(path, 0o755)


def path_env(*dirs):
    env = dict(os.environ)
    env["PATH"] = ":".join([*dirs, os.environ.get("PATH", "/usr/bin:/bin")])
    return env


def line_for(lines, port):
    return next((line for line in lines if line.startswith(f"{avahi.ADDRESS}:{port}/")), None)


def hosts_lines(net, distcc_dir, env):
    """The hosts file our browser writes for a client with `env` (its PATH)."""
    r = net.run([ZEROCONF_PEER, "hosts", distcc_dir], timeout=30, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.splitlines()


def test_compilers_are_matched_by_name_and_identity_and_kept_current(net, peers, browser_dirs, scratch):
    bin_dir, other_bin, whitelist = (os.path.join(scratch, d) for d in ("bin", "other-bin", "whitelist"))
    fake_compiler(bin_dir, "zc-cc-a", "7.1", "zc-machine")
    fake_compiler(bin_dir, "zc-cc-b", "8", "zc-machine")
    # the same names answering differently: another client's compilers
    fake_compiler(other_bin, "zc-cc-a", "99", "zc-machine")
    fake_compiler(other_bin, "zc-cc-b", "99", "zc-machine")
    os.makedirs(whitelist)
    os.symlink("/usr/bin/distcc", os.path.join(whitelist, "zc-cc-a"))
    os.symlink("/usr/bin/distcc", os.path.join(whitelist, "zc-not-installed"))
    ours = procs.free_port()
    peers(ours, 2, 3, whitelist, 1, env=path_env(bin_dir))  # compilers looked at every second
    plain = procs.free_port()
    peers(plain, 2, 5)  # no whitelist: grouped by cc, as 3.4

    services = net.browse("_distcc._tcp", lambda s: any(x["port"] == ours for x in s))
    txt = next(x["txt"] for x in services if x["port"] == ours)
    assert txt["cc1"] == "zc-machine 7.1 zc-cc-a" and "cc2" not in txt, txt

    same = browser_dirs("same-compilers")
    lines = procs.wait_until(lambda: (lambda ls: ls if line_for(ls, ours) and line_for(ls, plain) else None)(
        hosts_lines(net, same, path_env(bin_dir))), 20, interval=0.5, what="both servers in the hosts file")
    assert line_for(lines, ours) == f"{avahi.ADDRESS}:{ours}/3,cpp,lzo # compilers: zc-cc-a"
    assert line_for(lines, plain) == f"{avahi.ADDRESS}:{plain}/5,cpp,lzo"

    # Debian's distcc 3.4 in the same DISTCC_DIR reads our browser's file as it is.
    if paths.have_debian_distcc():
        theirs = debian_show_hosts(net, same)
        assert f"{avahi.ADDRESS}:{ours}/3,cpp,lzo" in theirs, theirs

    # A compiler added to the whitelist reaches the announcement and the file.
    os.symlink("/usr/bin/distcc", os.path.join(whitelist, "zc-cc-b"))
    procs.wait_until(lambda: line_for(hosts_lines(net, same, path_env(bin_dir)), ours)
                     == f"{avahi.ADDRESS}:{ours}/3,cpp,lzo # compilers: zc-cc-a zc-cc-b", 20, interval=0.5,
                     what="the new compiler in the hosts file")

    # A client whose compilers of those names are other versions leaves the server out.
    other = browser_dirs("other-compilers")
    lines = procs.wait_until(lambda: (lambda ls: ls if line_for(ls, plain) else None)(
        hosts_lines(net, other, path_env(other_bin))), 20, interval=0.5, what="the cc-grouped server")
    assert line_for(lines, ours) is None, lines


def built_with_gssapi():
    return "GSS-API" in procs.run([paths.OUR_DISTCC, "--version"], timeout=10).stdout


def test_auth_and_pump_decide_the_options_our_client_uses(net, peers, browser_dirs, scratch):
    if not paths.ours("distcc") or "Zeroconf" not in procs.run([paths.OUR_DISTCC, "--version"], timeout=10).stdout:
        pytest.skip("our distcc is not built with zeroconf support")
    open_port, auth_port = procs.free_port(), procs.free_port()
    peers(open_port, 2, 4)
    peers(auth_port, 2, 6, "", 0, "auth")
    cwd = os.path.join(scratch, "client")
    os.makedirs(cwd)

    def show(**extra):
        env = clean_client_env(cwd, hosts="+zeroconf", **extra)
        return net.run([paths.OUR_DISTCC, "--show-hosts"], env=env, timeout=30).stdout.split()

    expected_open = f"{avahi.ADDRESS}:{open_port}/4,lzo"
    shown = procs.wait_until(lambda: (lambda s: s if expected_open in s else None)(show()), 20, interval=0.5,
                             what=f"{expected_open} in --show-hosts")
    if built_with_gssapi():
        procs.wait_until(lambda: f"{avahi.ADDRESS}:{auth_port}/6,lzo,auth" in show(), 10, interval=0.5,
                         what="the server that requires GSS-API, with ,auth")
    else:
        assert not any(f":{auth_port}/" in h for h in shown), "a client without GSS-API cannot use it"
    # Under pump the include server can serve ,cpp.
    pumped = show(INCLUDE_SERVER_PORT=os.path.join(scratch, "no-such-include-server", "socket"))
    assert f"{avahi.ADDRESS}:{open_port}/4,cpp,lzo" in pumped, pumped
    avahi.stop_lock_holder(os.path.join(cwd, "distcc-dir", "zeroconf", "lock"))
