# test/unit/daemon/local.mk -- unit_daemon: tests for src/daemon (fragment of
# test/unit/local.mk).  Links only libdcc_daemon.a and the layers below.

if HAVE_GTEST
check_PROGRAMS += unit_daemon
TESTS += unit_daemon
unit_daemon_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_daemon_SOURCES = \
	%reldir%/fakes.hpp \
	%reldir%/access_list_test.cpp \
	%reldir%/admission_test.cpp \
	%reldir%/cached_probe_test.cpp \
	%reldir%/channel_test.cpp \
	%reldir%/compiler_process_test.cpp \
	%reldir%/connection_table_test.cpp \
	%reldir%/job_files_test.cpp \
	%reldir%/intake_test.cpp \
	%reldir%/job_test.cpp \
	%reldir%/metrics_test.cpp \
	%reldir%/options_test.cpp \
	%reldir%/pump_area_test.cpp \
	%reldir%/pump_tree_test.cpp \
	%reldir%/reply_test.cpp \
	%reldir%/request_test.cpp \
	%reldir%/sandbox_plan_test.cpp \
	%reldir%/sandbox_policy_test.cpp \
	%reldir%/sandbox_test.cpp \
	%reldir%/seccomp_filter_test.cpp \
	%reldir%/socket_bytes_test.cpp \
	%reldir%/socket_activation_test.cpp \
	%reldir%/stats_test.cpp \
	%reldir%/worker_pool_test.cpp
unit_daemon_LDADD = $(DCC_DAEMON_LIBS) $(DCC_GTEST_LIBS)
endif
