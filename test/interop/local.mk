# test/interop/local.mk -- the interop matrix {our, Debian 3.4} client x {our, Debian
# 3.4} daemon x {TCP, lzo, ssh} (test_matrix.py), compared with local builds.
# run.pytest is the entry point for automake's harness (see test/run-suite.sh).
TESTS += %reldir%/run.pytest
EXTRA_DIST += %reldir%/run.pytest %reldir%/conftest.py %reldir%/diagnostic_cases.py \
	$(wildcard $(srcdir)/%reldir%/test_*.py)
