# src/tools/local.mk -- libdcc_tools.a (lsdistcc, distccmon-text and
# update-distcc-symlinks, one folder each) and the three programs, whose main.cpp
# files only hand argv to the library.  Tools sit beside client and daemon: they
# include common, proto and compiler, never client/ or daemon/.

noinst_LIBRARIES += libdcc_tools.a
libdcc_tools_a_SOURCES = \
	%reldir%/distccmon_text/command_line.cpp %reldir%/distccmon_text/command_line.hpp \
	%reldir%/distccmon_text/monitor.cpp %reldir%/distccmon_text/monitor.hpp \
	%reldir%/distccmon_text/render.cpp %reldir%/distccmon_text/render.hpp \
	%reldir%/distccmon_text/state_scan.cpp %reldir%/distccmon_text/state_scan.hpp \
	%reldir%/lsdistcc/address.cpp %reldir%/lsdistcc/address.hpp \
	%reldir%/lsdistcc/dns_domain.cpp %reldir%/lsdistcc/dns_domain.hpp \
	%reldir%/lsdistcc/dns_schedule.cpp %reldir%/lsdistcc/dns_schedule.hpp \
	%reldir%/lsdistcc/host_check.cpp %reldir%/lsdistcc/host_check.hpp \
	%reldir%/lsdistcc/host_names.cpp %reldir%/lsdistcc/host_names.hpp \
	%reldir%/lsdistcc/lsdistcc.cpp %reldir%/lsdistcc/lsdistcc.hpp \
	%reldir%/lsdistcc/options.cpp %reldir%/lsdistcc/options.hpp \
	%reldir%/lsdistcc/output_line.cpp %reldir%/lsdistcc/output_line.hpp \
	%reldir%/lsdistcc/probe.cpp %reldir%/lsdistcc/probe.hpp \
	%reldir%/lsdistcc/resolver.cpp %reldir%/lsdistcc/resolver.hpp \
	%reldir%/lsdistcc/search.cpp %reldir%/lsdistcc/search.hpp \
	%reldir%/update_distcc_symlinks/compiler_names.cpp %reldir%/update_distcc_symlinks/compiler_names.hpp \
	%reldir%/update_distcc_symlinks/link_directory.cpp %reldir%/update_distcc_symlinks/link_directory.hpp \
	%reldir%/update_distcc_symlinks/link_plan.cpp %reldir%/update_distcc_symlinks/link_plan.hpp \
	%reldir%/update_distcc_symlinks/update.cpp %reldir%/update_distcc_symlinks/update.hpp

# Everything a tool links, lowest layer last (lsdistcc's resolver uses threads).
DCC_TOOLS_LIBS = libdcc_tools.a $(DCC_PROTO_LIBS) -lpthread

bin_PROGRAMS += lsdistcc
lsdistcc_SOURCES = %reldir%/lsdistcc/main.cpp
lsdistcc_LDADD = $(DCC_TOOLS_LIBS)

bin_PROGRAMS += distccmon-text
distccmon_text_SOURCES = %reldir%/distccmon_text/main.cpp
distccmon_text_LDADD = $(DCC_TOOLS_LIBS)

# In sbin: it changes the whitelist of distccd, so it is run by an administrator
# (after installing or removing a compiler); `make install` does not run it.
sbin_PROGRAMS += update-distcc-symlinks
update_distcc_symlinks_SOURCES = %reldir%/update_distcc_symlinks/main.cpp
update_distcc_symlinks_LDADD = $(DCC_TOOLS_LIBS)

EXTRA_DIST += doc/tools.md

# pump: a sh script made from pump/pump.in (doc/pump.md says why sh), built in the top
# build directory beside distcc so that an uninstalled pump finds its distcc; it runs
# $(pkglibexecdir)/include_server unless DISTCC_INCLUDE_SERVER names another.
bin_SCRIPTS += pump
EXTRA_DIST += %reldir%/pump/pump.in doc/pump.md
CLEANFILES += pump

pump: %reldir%/pump/pump.in Makefile
	$(AM_V_GEN)sed -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    $(srcdir)/%reldir%/pump/pump.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@

# Debian's name for the wrapper, as a symbolic link.
install-exec-hook: install-pump-alias
install-pump-alias:
	cd '$(DESTDIR)$(bindir)' && rm -f distcc-pump && ln -s pump distcc-pump
uninstall-hook: uninstall-pump-alias
uninstall-pump-alias:
	rm -f '$(DESTDIR)$(bindir)/distcc-pump'
.PHONY: install-pump-alias uninstall-pump-alias

# distcc-report: a Python 3 script (standard library only) that reads the client's job
# journal (DISTCC_JOURNAL, doc/client.md §19); built in the top build directory beside
# pump, which runs it for `pump --report`.
bin_SCRIPTS += distcc-report
EXTRA_DIST += %reldir%/report/distcc-report.py
CLEANFILES += distcc-report

distcc-report: %reldir%/report/distcc-report.py Makefile
	$(AM_V_GEN)cp $(srcdir)/%reldir%/report/distcc-report.py $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
