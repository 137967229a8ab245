# test/unit/zeroconf/local.mk -- unit tests for src/zeroconf (fragment of test/unit/local.mk).
