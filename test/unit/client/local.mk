# test/unit/client/local.mk -- unit_client: tests for src/client (fragment of
# test/unit/local.mk).  Links libdcc_client.a and only the layers below it.

if HAVE_GTEST
check_PROGRAMS += unit_client
TESTS += unit_client
unit_client_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_client_SOURCES = \
	%reldir%/connection_test.cpp \
	%reldir%/fallback_notice_test.cpp \
	%reldir%/fallback_test.cpp \
	%reldir%/host_file_test.cpp \
	%reldir%/host_choice_test.cpp \
	%reldir%/host_observations_test.cpp \
	%reldir%/host_spec_test.cpp \
	%reldir%/include_server_client_test.cpp \
	%reldir%/invocation_test.cpp \
	%reldir%/job_test.cpp \
	%reldir%/journal_test.cpp \
	%reldir%/lock_store_test.cpp \
	%reldir%/release_wait_test.cpp \
	%reldir%/remote_compile_test.cpp \
	%reldir%/side_capability_test.cpp \
	%reldir%/pump_test.cpp \
	%reldir%/slots_test.cpp \
	%reldir%/state_writer_test.cpp
unit_client_LDADD = $(DCC_CLIENT_LIBS) $(DCC_GTEST_LIBS)
endif
EXTRA_DIST += %reldir%/fakes.hpp
