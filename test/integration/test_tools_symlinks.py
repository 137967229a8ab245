"""update-distcc-symlinks (issue 12) in a scratch prefix against this machine's
compilers: the masquerade directory it makes holds every compiler name Debian's own
script put in /usr/lib/distcc (and the ones distcc's client sends, such as
x86_64-linux-gnu-gcc), links resolve to <prefix>/bin/distcc, a second run changes
nothing, dangling and unwanted links go, and files that are not links stay."""
import os
import shutil

import pytest

from dcctest import paths, procs

OUR_TOOL = paths.ours("update-distcc-symlinks")
DEBIAN_WHITELIST = "/usr/lib/distcc"

pytestmark = pytest.mark.skipif(not OUR_TOOL, reason="our update-distcc-symlinks has not been built")


@pytest.fixture
def prefix(scratch):
    """<scratch>/prefix with bin/distcc (our client) and lib/, but no lib/distcc yet."""
    root = os.path.join(scratch, "prefix")
    os.makedirs(os.path.join(root, "bin"))
    os.makedirs(os.path.join(root, "lib"))
    shutil.copy(paths.OUR_DISTCC, os.path.join(root, "bin", "distcc"))
    return root


def update(prefix, *args):
    return procs.run([OUR_TOOL, f"--directory={prefix}/lib/distcc", *args], timeout=60)


def links(prefix):
    directory = os.path.join(prefix, "lib", "distcc")
    return {name for name in os.listdir(directory) if os.path.islink(os.path.join(directory, name))}


def test_makes_links_for_this_machine_s_compilers(prefix):
    r = update(prefix, "-v")
    assert r.returncode == 0, r.stderr
    made = links(prefix)
    for name in ("gcc", "g++", "cc", "c++"):
        assert name in made
    # The names the issue asks for, wherever this machine has the compiler.
    for name in ("x86_64-linux-gnu-gcc", "gcc-12", "clang-14"):
        if os.access(f"/usr/bin/{name}", os.X_OK):
            assert name in made, name
    assert {line.split("/")[-1] for line in r.stdout.splitlines()} == made
    assert all(line.startswith(f"Adding {prefix}/lib/distcc/") for line in r.stdout.splitlines())
    for name in made:
        link = os.path.join(prefix, "lib", "distcc", name)
        assert os.readlink(link) == "../../bin/distcc"
        assert os.path.samefile(link, os.path.join(prefix, "bin", "distcc"))
        assert os.access(f"/usr/bin/{name}", os.X_OK)


def test_covers_what_debians_script_installed(prefix):
    if not os.path.isdir(DEBIAN_WHITELIST):
        pytest.skip("Debian's distcc (and its /usr/lib/distcc) is not installed")
    assert update(prefix).returncode == 0
    debian = {name for name in os.listdir(DEBIAN_WHITELIST)
              if os.access(f"/usr/bin/{name}", os.X_OK) and name != "nvcc"}
    assert debian <= links(prefix)


def test_second_run_changes_nothing(prefix):
    assert update(prefix).returncode == 0
    before = {name: os.lstat(os.path.join(prefix, "lib", "distcc", name)).st_ino for name in links(prefix)}
    r = update(prefix, "--verbose")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    after = {name: os.lstat(os.path.join(prefix, "lib", "distcc", name)).st_ino for name in links(prefix)}
    assert after == before


def test_removes_dangling_and_unwanted_links_and_never_touches_files(prefix):
    directory = os.path.join(prefix, "lib", "distcc")
    os.makedirs(directory)
    os.symlink("../../bin/distcc", os.path.join(directory, "gcc-1"))      # no such compiler
    os.symlink("/nonexistent/distcc", os.path.join(directory, "gcc"))     # dangling, wanted
    os.symlink("/usr/bin/gcc", os.path.join(directory, "g++"))            # wanted, kept as is
    with open(os.path.join(directory, "cc"), "w") as f:                   # a file, not a link
        f.write("not a link\n")
    with open(os.path.join(directory, "README"), "w") as f:
        f.write("notes\n")
    r = update(prefix, "-v")
    assert r.returncode == 0, r.stderr
    assert f"Removing {directory}/gcc-1" in r.stdout.splitlines()
    assert f"Removing {directory}/gcc" in r.stdout.splitlines()
    assert f"Adding {directory}/gcc" in r.stdout.splitlines()
    made = links(prefix)
    assert "gcc-1" not in made
    assert os.readlink(os.path.join(directory, "gcc")) == "../../bin/distcc"
    assert os.readlink(os.path.join(directory, "g++")) == "/usr/bin/gcc"
    assert open(os.path.join(directory, "cc")).read() == "not a link\n"
    assert open(os.path.join(directory, "README")).read() == "notes\n"
    assert "cc" not in made


def test_errors_name_the_directory(scratch):
    missing = os.path.join(scratch, "no", "such", "distcc")
    r = procs.run([OUR_TOOL, f"--directory={missing}"], timeout=60)
    assert r.returncode == 107
    assert missing in r.stderr
    bad = procs.run([OUR_TOOL, "--bogus"], timeout=60)
    assert bad.returncode == 101
    assert "Usage: update-distcc-symlinks" in bad.stderr
    helped = procs.run([OUR_TOOL, "--help"], timeout=60)
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: update-distcc-symlinks")
