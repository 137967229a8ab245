# test/unit/include_server/local.mk -- unit_include_server: tests for include_server/
# (links only libdcc_include_server.a and the layers below it).

if HAVE_GTEST
check_PROGRAMS += unit_include_server
TESTS += unit_include_server
unit_include_server_CPPFLAGS = $(DCC_GTEST_CPPFLAGS) -I$(srcdir)
unit_include_server_SOURCES = \
	%reldir%/analyzer_test.cpp \
	%reldir%/caches_test.cpp \
	%reldir%/client_root_test.cpp \
	%reldir%/command_parser_test.cpp \
	%reldir%/compiler_defaults_test.cpp \
	%reldir%/compressed_files_test.cpp \
	%reldir%/directive_scanner_test.cpp \
	%reldir%/include_closure_test.cpp \
	%reldir%/macro_eval_test.cpp \
	%reldir%/macro_table_test.cpp \
	%reldir%/options_test.cpp \
	%reldir%/path_mirror_test.cpp \
	%reldir%/report_test.cpp \
	%reldir%/request_test.cpp \
	%reldir%/stat_triggers_test.cpp \
	%reldir%/system_links_test.cpp \
	%reldir%/test_tree.hpp \
	%reldir%/verify_test.cpp
unit_include_server_LDADD = $(DCC_INCLUDE_SERVER_LIBS) $(DCC_GTEST_LIBS)
endif
