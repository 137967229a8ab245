# test/unit/tools/local.mk -- unit_tools: tests for src/tools (fragment of
# test/unit/local.mk).  Links libdcc_tools.a and only the layers below it.

if HAVE_GTEST
check_PROGRAMS += unit_tools
TESTS += unit_tools
unit_tools_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_tools_SOURCES = \
	%reldir%/distccmon_text/command_line_test.cpp \
	%reldir%/distccmon_text/render_test.cpp \
	%reldir%/distccmon_text/state_scan_test.cpp \
	%reldir%/lsdistcc/address_test.cpp \
	%reldir%/lsdistcc/dns_schedule_test.cpp \
	%reldir%/lsdistcc/host_names_test.cpp \
	%reldir%/lsdistcc/options_test.cpp \
	%reldir%/lsdistcc/probe_test.cpp \
	%reldir%/lsdistcc/search_test.cpp \
	%reldir%/update_distcc_symlinks/compiler_names_test.cpp \
	%reldir%/update_distcc_symlinks/link_directory_test.cpp \
	%reldir%/update_distcc_symlinks/link_plan_test.cpp
unit_tools_LDADD = $(DCC_TOOLS_LIBS) $(DCC_GTEST_LIBS)
endif
