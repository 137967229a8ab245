# test/unit/compiler/local.mk -- unit_compiler: tests for src/compiler (fragment of
# test/unit/local.mk).  Links only libdcc_compiler.a and the layers below.

if HAVE_GTEST
check_PROGRAMS += unit_compiler
TESTS += unit_compiler
unit_compiler_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_compiler_SOURCES = \
	%reldir%/argument_policy_test.cpp \
	%reldir%/client_argv_test.cpp \
	%reldir%/compiler_name_test.cpp \
	%reldir%/dotd_gcc_test.cpp \
	%reldir%/dotd_test.cpp \
	%reldir%/fake_file_probe.hpp \
	%reldir%/option_table_test.cpp \
	%reldir%/preprocess_style_test.cpp \
	%reldir%/response_file_test.cpp \
	%reldir%/scan_args_test.cpp \
	%reldir%/server_argv_test.cpp \
	%reldir%/gcno_test.cpp \
	%reldir%/side_files_test.cpp \
	%reldir%/source_names_test.cpp \
	%reldir%/source_kind_test.cpp \
	%reldir%/test_words.hpp
unit_compiler_LDADD = $(DCC_COMPILER_LIBS) $(DCC_GTEST_LIBS)
endif
