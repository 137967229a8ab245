"""A real autoconf configure through our client, with hosts configured (our distccd
on loopback), against the same configure with plain gcc.

The fixture project (test/fixtures/trees/autoconf) uses AC_LANG_WERROR: every check
whose compiler, linker or preprocessor writes anything to stderr fails.  configure's
own compiles (conftest.c), its links and its `$CC -E` runs are local by nature, and
distcc 3.4 says nothing about them; a client that warned "running locally" there
would make every check fail ("C compiler cannot create executables", or every header
and function missing).  After configure, `make` compiles two objects on the daemon
and links locally, again without a word on stderr.
"""
import os
import shutil

import pytest

from dcctest import paths, procs, trees
from dcctest.clientrun import distcc, distcc_lines
from dcctest.fixtures import clean_client_env

pytestmark = [
    pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built"),
    pytest.mark.skipif(not procs.tool_exists("autoreconf"), reason="autoconf is not installed (apt-get install autoconf)"),
]


def cache_values(tree):
    """configure's cached results, without those that record how CC, CPP and the
    environment were given (which differ by construction)."""
    values = {}
    with open(os.path.join(tree, "config.cache")) as f:
        for line in f:
            name = line.split("=", 1)[0]
            if name.startswith("ac_cv_") and not name.startswith(("ac_cv_env_", "ac_cv_prog_CPP", "ac_cv_prog_ac_ct_CC")):
                values[name] = line.strip()
    return values


def configure(tree, cc, env):
    r = procs.run(["./configure", f"CC={cc}", "--cache-file=config.cache"], cwd=tree, env=env, timeout=300)
    assert r.returncode == 0, f"{r.stdout[-3000:]}\n{r.stderr}\n{procs.read_text(os.path.join(tree, 'config.log'))[-5000:]}"
    return r


@pytest.fixture
def project(scratch):
    source = trees.copy_tree("autoconf", os.path.join(scratch, "source"))
    os.chmod(source, 0o755)  # writable even when copied from a read-only source tree
    r = procs.run(["autoreconf", "-fi"], cwd=source, timeout=300)
    assert r.returncode == 0, r.stderr
    local = shutil.copytree(source, os.path.join(scratch, "local"))
    distributed = shutil.copytree(source, os.path.join(scratch, "distributed"))
    configure(local, "gcc", None)
    return local, distributed


def test_configure_with_lang_werror_finds_what_gcc_finds(project, our_daemon, scratch):
    local, distributed = project
    env = clean_client_env(scratch, hosts=our_daemon.host_spec())
    r = configure(distributed, f"{paths.OUR_DISTCC} gcc", env)
    assert r.stderr == ""
    log = procs.read_text(os.path.join(distributed, "config.log"))
    warnings = [line for line in distcc_lines(log) if "Warning:" in line]
    assert warnings == [], "configure's probes are local by nature: no warning"

    with open(os.path.join(local, "config.h")) as a, open(os.path.join(distributed, "config.h")) as b:
        assert a.read() == b.read()
    found = cache_values(distributed)
    assert found == cache_values(local)
    assert found["ac_cv_header_unistd_h"].endswith("yes}") and found["ac_cv_func_getpid"].endswith("yes}"), \
        "the checks that must succeed did"

    built = trees.make(distributed, env=env, jobs=2)
    assert built.returncode == 0, built.stderr
    assert built.stderr == "", "the two compiles go to the daemon and the link is silent"
    assert len(our_daemon.summaries_in(expected=2)) == 2, our_daemon.log_text()
    assert procs.run(["./probe"], cwd=distributed).stdout == procs.run(
        ["sh", "-c", "make -s >/dev/null && ./probe"], cwd=local).stdout


def test_link_and_preprocess_print_nothing(project, our_daemon, scratch):
    configured, _ = project
    env = clean_client_env(scratch, hosts=our_daemon.host_spec())
    for args in (["-E", "main.c"], ["-c", "report.c", "-o", "report.o"], ["-c", "main.c", "-o", "main.o"],
                 ["main.o", "report.o", "-o", "probe"], ["-M", "main.c"]):
        r = distcc(["gcc", *args], env, configured)
        assert r.returncode == 0, r.stderr
        assert r.stderr == "", args
    assert len(our_daemon.summaries_in(expected=2)) == 2, "only the two -c compiles were distributed"
