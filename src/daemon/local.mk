# src/daemon/local.mk -- libdcc_daemon.a (everything distccd does) and the distccd
# program, whose main.cpp only hands argv to the library.

noinst_LIBRARIES += libdcc_daemon.a
libdcc_daemon_a_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS)
libdcc_daemon_a_SOURCES = \
	%reldir%/access_list.cpp %reldir%/access_list.hpp \
	%reldir%/admission.cpp %reldir%/admission.hpp \
	%reldir%/auth_intake.cpp %reldir%/auth_intake.hpp \
	%reldir%/cached_probe.cpp %reldir%/cached_probe.hpp \
	%reldir%/channel.cpp %reldir%/channel.hpp \
	%reldir%/cmdlist.cpp %reldir%/cmdlist.hpp \
	%reldir%/compiler_locator.cpp %reldir%/compiler_locator.hpp \
	%reldir%/compiler_process.cpp %reldir%/compiler_process.hpp \
	%reldir%/connection_table.hpp \
	%reldir%/daemonize.cpp %reldir%/daemonize.hpp \
	%reldir%/dispatcher.cpp %reldir%/dispatcher.hpp \
	%reldir%/exposition.cpp %reldir%/exposition.hpp \
	%reldir%/intake.cpp %reldir%/intake.hpp \
	%reldir%/job.cpp %reldir%/job.hpp \
	%reldir%/job_files.cpp %reldir%/job_files.hpp \
	%reldir%/job_summary.cpp %reldir%/job_summary.hpp \
	%reldir%/listener.cpp %reldir%/listener.hpp \
	%reldir%/metrics.cpp %reldir%/metrics.hpp \
	%reldir%/options.cpp %reldir%/options.hpp \
	%reldir%/peer.cpp %reldir%/peer.hpp \
	%reldir%/privileges.cpp %reldir%/privileges.hpp \
	%reldir%/pump_area.cpp %reldir%/pump_area.hpp \
	%reldir%/pump_tree.cpp %reldir%/pump_tree.hpp \
	%reldir%/refusal.cpp %reldir%/refusal.hpp \
	%reldir%/reply.cpp %reldir%/reply.hpp \
	%reldir%/request.cpp %reldir%/request.hpp \
	%reldir%/sandbox.cpp %reldir%/sandbox.hpp \
	%reldir%/sandbox_init.cpp %reldir%/sandbox_init.hpp \
	%reldir%/sandbox_plan.cpp %reldir%/sandbox_plan.hpp \
	%reldir%/sandbox_policy.cpp %reldir%/sandbox_policy.hpp \
	%reldir%/sandbox_probe.cpp %reldir%/sandbox_probe.hpp \
	%reldir%/sandbox_protocol.hpp \
	%reldir%/seccomp_filter.cpp %reldir%/seccomp_filter.hpp \
	%reldir%/serve_modes.cpp %reldir%/serve_modes.hpp \
	%reldir%/server.cpp %reldir%/server.hpp \
	%reldir%/socket_activation.cpp %reldir%/socket_activation.hpp \
	%reldir%/socket_bytes.cpp %reldir%/socket_bytes.hpp \
	%reldir%/stats.cpp %reldir%/stats.hpp \
	%reldir%/system_stats.cpp %reldir%/system_stats.hpp \
	%reldir%/worker.cpp %reldir%/worker.hpp \
	%reldir%/worker_pool.hpp

# What a program linking libdcc_daemon.a must also link.
DCC_DAEMON_LIBS = libdcc_daemon.a $(DCC_AUTH_LIBS) $(DCC_ZEROCONF_LIBS) libdcc_compiler.a libdcc_proto.a \
	libdcc_common.a $(LZO_LIBS) $(POPT_LIBS)

bin_PROGRAMS += distccd
distccd_SOURCES = %reldir%/main.cpp
distccd_LDADD = $(DCC_DAEMON_LIBS)
