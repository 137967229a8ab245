"""`make install` as a packager or an administrator runs it (with DESTDIR): the
compiler whitelist directory <prefix>/lib/distcc, without which distccd does not
start, and <sysconfdir>/distcc/{hosts,clients.allow,commands.allow.sh}, installed
only when absent -- a second install keeps the administrator's files -- and removed
by uninstall only while they are as installed."""
import os
import stat
import subprocess

import pytest

from dcctest import paths, procs

pytestmark = pytest.mark.skipif(not os.path.isfile(os.path.join(paths.TOP_BUILDDIR, "Makefile")),
                                reason="no configured build tree (DCC_TOP_BUILDDIR)")
CONFIG_FILES = ("hosts", "clients.allow", "commands.allow.sh")


def make(*args):
    r = procs.run(["make", "-s", "-C", paths.TOP_BUILDDIR, *args], timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return r


def configured_dirs():
    """prefix, sbindir and sysconfdir as the build's Makefile expands them."""
    r = subprocess.run(["make", "-s", "-C", paths.TOP_BUILDDIR, "-f", "Makefile", "-f", "-", "dcc-test-dirs"],
                       input="dcc-test-dirs:\n\t@echo $(prefix) $(sbindir) $(sysconfdir)\n", text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


@pytest.fixture
def installed(scratch):
    destdir = os.path.join(scratch, "root")
    make("install", f"DESTDIR={destdir}")
    prefix, sbindir, sysconfdir = configured_dirs()
    return destdir, prefix, sbindir, destdir + sysconfdir + "/distcc"


def snapshot(directory):
    return {name: (open(os.path.join(directory, name)).read(), os.stat(os.path.join(directory, name)).st_mtime_ns)
            for name in sorted(os.listdir(directory))}


def test_install_creates_the_whitelist_and_the_config_files(installed):
    destdir, prefix, sbindir, conf = installed
    assert os.path.isdir(destdir + prefix + "/lib/distcc")
    assert sorted(os.listdir(conf)) == sorted(CONFIG_FILES)
    script = os.path.join(conf, "commands.allow.sh")
    assert os.stat(script).st_mode & stat.S_IXUSR
    assert f"{sbindir}/update-distcc-symlinks" in open(script).read(), "the script names the installed command"
    assert procs.run(["sh", "-n", script]).returncode == 0
    for name in ("hosts", "clients.allow"):
        assert not os.stat(os.path.join(conf, name)).st_mode & (stat.S_IXUSR | stat.S_IWOTH)


def test_installed_hosts_file_is_a_valid_host_list(installed, scratch):
    _, _, _, conf = installed
    text = open(os.path.join(conf, "hosts")).read()
    env = dict(os.environ, DISTCC_HOSTS=text, DISTCC_DIR=os.path.join(scratch, "dir"))
    r = procs.run([paths.OUR_DISTCC, "--show-hosts"], env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert r.stdout.split() == ["127.0.0.1"]


def test_second_install_keeps_the_administrators_files(installed):
    destdir, _, _, conf = installed
    with open(os.path.join(conf, "hosts"), "w") as f:
        f.write("buildbox/8,lzo\n")
    before = snapshot(conf)
    make("install", f"DESTDIR={destdir}")
    assert snapshot(conf) == before

    make("uninstall", f"DESTDIR={destdir}")
    assert sorted(os.listdir(conf)) == ["hosts"], "only the edited file stays"
    assert open(os.path.join(conf, "hosts")).read() == "buildbox/8,lzo\n"
