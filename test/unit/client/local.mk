# test/unit/client/local.mk -- unit tests for src/client (fragment of test/unit/local.mk).
