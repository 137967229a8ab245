# test/multihost/local.mk -- multi-host builds and fault scenarios in network
# namespaces (root only: without root every test skips with the reason).
# run.pytest is the entry point for automake's harness (see test/run-suite.sh).
TESTS += %reldir%/run.pytest
ROOT_TESTS += %reldir%/run.pytest
EXTRA_DIST += %reldir%/run.pytest %reldir%/conftest.py $(wildcard $(srcdir)/%reldir%/test_*.py)
