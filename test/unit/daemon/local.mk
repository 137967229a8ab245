# test/unit/daemon/local.mk -- unit tests for src/daemon (fragment of test/unit/local.mk).
