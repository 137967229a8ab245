# include_server/local.mk -- libdcc_include_server.a and the include_server program
# (pump mode's include server; doc/include-server.md).  A layer above src/common and
# src/proto; its includes are rooted at the top of the tree ("include_server/...").
# Installed as $(pkglibexecdir)/include_server, where the pump wrapper looks for it.

DCC_INCLUDE_SERVER_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)

noinst_LIBRARIES += libdcc_include_server.a
libdcc_include_server_a_CPPFLAGS = $(DCC_INCLUDE_SERVER_CPPFLAGS) $(LZO_CFLAGS)
libdcc_include_server_a_SOURCES = \
	%reldir%/analyzer.cpp %reldir%/analyzer.hpp \
	%reldir%/caches.cpp %reldir%/caches.hpp \
	%reldir%/char_classes.hpp \
	%reldir%/client_root.cpp %reldir%/client_root.hpp \
	%reldir%/command_parser.cpp %reldir%/command_parser.hpp \
	%reldir%/compiler_defaults.cpp %reldir%/compiler_defaults.hpp \
	%reldir%/compressed_files.cpp %reldir%/compressed_files.hpp \
	%reldir%/directive_scanner.cpp %reldir%/directive_scanner.hpp \
	%reldir%/failure.cpp %reldir%/failure.hpp \
	%reldir%/file_system.cpp %reldir%/file_system.hpp \
	%reldir%/include_closure.cpp %reldir%/include_closure.hpp \
	%reldir%/interner.hpp \
	%reldir%/macro_eval.cpp %reldir%/macro_eval.hpp \
	%reldir%/macro_table.cpp %reldir%/macro_table.hpp \
	%reldir%/options.cpp %reldir%/options.hpp \
	%reldir%/path_mirror.cpp %reldir%/path_mirror.hpp \
	%reldir%/program.cpp %reldir%/program.hpp \
	%reldir%/report.cpp %reldir%/report.hpp \
	%reldir%/request.cpp %reldir%/request.hpp \
	%reldir%/server.cpp %reldir%/server.hpp \
	%reldir%/stat_triggers.cpp %reldir%/stat_triggers.hpp \
	%reldir%/stats.cpp %reldir%/stats.hpp \
	%reldir%/support.hpp \
	%reldir%/system_dirs.hpp \
	%reldir%/system_links.cpp %reldir%/system_links.hpp \
	%reldir%/verify.cpp %reldir%/verify.hpp

# What a program linking libdcc_include_server.a must also link.
DCC_INCLUDE_SERVER_LIBS = libdcc_include_server.a $(DCC_PROTO_LIBS) -lpthread

pkglibexec_PROGRAMS = %reldir%/include_server
%canon_reldir%_include_server_CPPFLAGS = $(DCC_INCLUDE_SERVER_CPPFLAGS)
%canon_reldir%_include_server_SOURCES = %reldir%/main.cpp
%canon_reldir%_include_server_LDADD = $(DCC_INCLUDE_SERVER_LIBS)
