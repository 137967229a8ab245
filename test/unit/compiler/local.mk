# test/unit/compiler/local.mk -- unit tests for src/compiler (fragment of test/unit/local.mk).
