# test/integration/local.mk -- the pytest integration tier: one file per feature
# (test_*.py), run with real compilers and real daemons.  run.pytest is the entry
# point for automake's harness (see test/run-suite.sh).
TESTS += %reldir%/run.pytest
ROOT_TESTS += %reldir%/run.pytest
EXTRA_DIST += %reldir%/run.pytest %reldir%/conftest.py %reldir%/verify_cc.py $(wildcard $(srcdir)/%reldir%/test_*.py)
