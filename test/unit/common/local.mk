# test/unit/common/local.mk -- unit_common: tests for src/common.

if HAVE_GTEST
check_PROGRAMS += unit_common
TESTS += unit_common
unit_common_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_common_SOURCES = \
	%reldir%/cleanup_test.cpp \
	%reldir%/clock_test.cpp \
	%reldir%/config_test.cpp \
	%reldir%/environment_test.cpp \
	%reldir%/exec_test.cpp \
	%reldir%/files_test.cpp \
	%reldir%/io_test.cpp \
	%reldir%/json_test.cpp \
	%reldir%/log_test.cpp \
	%reldir%/mapped_file_test.cpp \
	%reldir%/path_test.cpp \
	%reldir%/strings_test.cpp
unit_common_LDADD = libdcc_common.a $(DCC_GTEST_LIBS)
endif
