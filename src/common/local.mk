# src/common/local.mk -- libdcc_common.a: knows nothing of distcc's protocol or roles.

noinst_LIBRARIES += libdcc_common.a
libdcc_common_a_SOURCES = \
	%reldir%/cleanup.cpp %reldir%/cleanup.hpp \
	%reldir%/clock.cpp %reldir%/clock.hpp \
	%reldir%/config.cpp %reldir%/config.hpp \
	%reldir%/dynamic_library.cpp %reldir%/dynamic_library.hpp \
	%reldir%/environment.cpp %reldir%/environment.hpp \
	%reldir%/exec.cpp %reldir%/exec.hpp \
	%reldir%/exit_code.cpp %reldir%/exit_code.hpp \
	%reldir%/fd.hpp \
	%reldir%/files.cpp %reldir%/files.hpp \
	%reldir%/io.cpp %reldir%/io.hpp \
	%reldir%/json.cpp %reldir%/json.hpp \
	%reldir%/log.cpp %reldir%/log.hpp \
	%reldir%/mapped_file.cpp %reldir%/mapped_file.hpp \
	%reldir%/path.cpp %reldir%/path.hpp \
	%reldir%/result.hpp \
	%reldir%/signals.cpp %reldir%/signals.hpp \
	%reldir%/strings.cpp %reldir%/strings.hpp \
	%reldir%/tempfile.cpp %reldir%/tempfile.hpp \
	%reldir%/version.cpp %reldir%/version.hpp
