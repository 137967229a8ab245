# test/unit/auth/local.mk -- unit tests for src/auth (fragment of test/unit/local.mk).
