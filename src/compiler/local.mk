# src/compiler/local.mk -- libdcc_compiler.a: compiler knowledge used by client AND
# daemon (argument scanning, source kinds, argv rewriting, .d files, response files).
# Depends only on libdcc_common.a.

noinst_LIBRARIES += libdcc_compiler.a
libdcc_compiler_a_SOURCES = \
	%reldir%/argument_policy.cpp %reldir%/argument_policy.hpp \
	%reldir%/argument_rules.hpp \
	%reldir%/argument_tables_driver.cpp \
	%reldir%/argument_tables_passthrough.cpp \
	%reldir%/client_argv.cpp %reldir%/client_argv.hpp \
	%reldir%/compiler_name.cpp %reldir%/compiler_name.hpp \
	%reldir%/dotd.cpp %reldir%/dotd.hpp \
	%reldir%/file_probe.cpp %reldir%/file_probe.hpp \
	%reldir%/option_table.hpp \
	%reldir%/preprocess_style.cpp %reldir%/preprocess_style.hpp \
	%reldir%/response_file.cpp %reldir%/response_file.hpp \
	%reldir%/scan_args.cpp %reldir%/scan_args.hpp \
	%reldir%/server_argv.cpp %reldir%/server_argv.hpp \
	%reldir%/gcno.cpp %reldir%/gcno.hpp \
	%reldir%/side_files.cpp %reldir%/side_files.hpp \
	%reldir%/source_names.cpp %reldir%/source_names.hpp \
	%reldir%/source_kind.cpp %reldir%/source_kind.hpp

# What a program linking libdcc_compiler.a must also link.
DCC_COMPILER_LIBS = libdcc_compiler.a libdcc_common.a
