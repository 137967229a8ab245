# demo/local.mk -- the bundled demo project and the script of README command 1.
EXTRA_DIST += %reldir%/run-demo.sh %reldir%/project
