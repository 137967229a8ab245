# src/client/local.mk -- libdcc_client.a and the `distcc` program (main.cpp is only a
# doorway into the library, so unit tests link the same code).

noinst_LIBRARIES += libdcc_client.a
libdcc_client_a_SOURCES = \
	%reldir%/config.cpp %reldir%/config.hpp \
	%reldir%/connection.cpp %reldir%/connection.hpp \
	%reldir%/discrepancy.cpp %reldir%/discrepancy.hpp \
	%reldir%/fallback.cpp %reldir%/fallback.hpp \
	%reldir%/fallback_notice.cpp %reldir%/fallback_notice.hpp \
	%reldir%/host_file.cpp %reldir%/host_file.hpp \
	%reldir%/host_spec.cpp %reldir%/host_spec.hpp \
	%reldir%/host_choice.cpp %reldir%/host_choice.hpp \
	%reldir%/host_observations.cpp %reldir%/host_observations.hpp \
	%reldir%/include_server_client.cpp %reldir%/include_server_client.hpp \
	%reldir%/info_commands.cpp %reldir%/info_commands.hpp \
	%reldir%/invocation.cpp %reldir%/invocation.hpp \
	%reldir%/job.cpp %reldir%/job.hpp \
	%reldir%/job_effects.cpp %reldir%/job_effects.hpp \
	%reldir%/journal.cpp %reldir%/journal.hpp \
	%reldir%/load_probe.cpp %reldir%/load_probe.hpp \
	%reldir%/local_compile.cpp %reldir%/local_compile.hpp \
	%reldir%/lock_store.cpp %reldir%/lock_store.hpp \
	%reldir%/preprocess.cpp %reldir%/preprocess.hpp \
	%reldir%/program.cpp %reldir%/program.hpp \
	%reldir%/pump_files.cpp %reldir%/pump_files.hpp \
	%reldir%/pump_plan.cpp %reldir%/pump_plan.hpp \
	%reldir%/release_wait.cpp %reldir%/release_wait.hpp \
	%reldir%/remote_compile.cpp %reldir%/remote_compile.hpp \
	%reldir%/side_capability.cpp %reldir%/side_capability.hpp \
	%reldir%/slots.cpp %reldir%/slots.hpp \
	%reldir%/state_writer.cpp %reldir%/state_writer.hpp

# Everything the client links, lowest layer last.  GSS-API and Avahi are loaded at
# run time by libdcc_auth.a / libdcc_zeroconf.a, so nothing more is linked here.
DCC_CLIENT_LIBS = libdcc_client.a $(DCC_AUTH_LIBS) $(DCC_ZEROCONF_LIBS) libdcc_compiler.a $(DCC_PROTO_LIBS)

# A dynamically linked libstdc++ costs more start-up instructions (symbol binding)
# than a whole plain-mode job; the client links it statically.  Sanitizer builds keep
# the default, which their runtimes expect.
if WITH_SANITIZERS
DCC_CLIENT_STATIC_LINK =
else
DCC_CLIENT_STATIC_LINK = -static-libstdc++ -static-libgcc
endif

bin_PROGRAMS += distcc
distcc_SOURCES = %reldir%/main.cpp
distcc_LDADD = $(DCC_CLIENT_LIBS)
distcc_LDFLAGS = $(AM_LDFLAGS) $(DCC_CLIENT_STATIC_LINK)
