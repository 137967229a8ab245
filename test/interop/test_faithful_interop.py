"""Warning-faithful plain mode against Debian's distccd 3.4 (doc/client.md §9.1,
issue 14): the faithful mode is only compiler arguments, so our client's gcc
(-fpreprocessed -fdirectives-only) and clang (rewritten source as cpp-output,
-fdebug-compilation-dir) jobs must give a 3.4 daemon's compiles the local
diagnostics, exit status, .d file and object (warning_corpus.assert_faithful), with
nothing compiled locally.  One daemon for the module; the same corpus runs against
our daemon in test/integration/test_faithful_preprocessing.py."""
import os
import shutil

import pytest

from dcctest import daemons, paths, procs, trees, warning_corpus
from dcctest.fixtures import clean_client_env, kept_on_failure

COMPILERS = [c for c in ("gcc", "clang") if shutil.which(c)]


@pytest.fixture(scope="module")
def work(request):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    if not paths.ours("distcc"):
        pytest.skip("our distcc has not been built")
    with kept_on_failure("dcc-faithful-interop-", "scratch directory", lambda: request.session.testsfailed) as path:
        tree = trees.copy_tree("faithful", os.path.join(path, "tree"))
        daemon = daemons.Daemon(paths.DEBIAN_DISTCCD, path, name="debian-distccd")
        daemon.start()
        try:
            yield tree, daemon, path
        finally:
            daemon.stop()


def remote_jobs(daemon):
    return len([s for s in daemon.summaries() if s["category"] in ("COMPILE_OK", "COMPILE_ERROR")])


@pytest.mark.parametrize("flags", sorted(warning_corpus.FLAG_SETS))
@pytest.mark.parametrize("source", ["corpus.c", "clean.c"])
@pytest.mark.parametrize("compiler", COMPILERS)
def test_corpus_is_faithful_with_a_34_daemon(work, compiler, source, flags):
    tree, daemon, path = work
    before = remote_jobs(daemon)
    # DISTCC_PREPROCESS unset: the default must be the faithful mode.
    env = clean_client_env(path, hosts=daemon.host_spec("/4"), DISTCC_PREPROCESS=None)
    local, dist = warning_corpus.compile_both(tree, compiler, source, warning_corpus.FLAG_SETS[flags], env)
    warning_corpus.assert_faithful(local, dist, compiler, tree)
    try:
        procs.wait_until(lambda: remote_jobs(daemon) > before, 5, what="a job summary")
    except procs.Timeout:
        pass
    assert remote_jobs(daemon) == before + 1
