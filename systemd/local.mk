# systemd/local.mk -- systemd units for distccd (doc/systemd.md): distccd.service
# (standalone, or activated by distccd.socket with Accept=no), distccd-accept.socket
# with distccd-accept@.service (Accept=yes, one process per job), and the helper
# that turns /etc/default/distcc into options.  They are generated in every build
# (the tests verify them) and installed under $(systemdsystemunitdir) when
# configure found systemd or was given --with-systemdsystemunitdir=DIR.

DCC_GENERATED_UNITS = %reldir%/distccd.service %reldir%/distccd-accept@.service
DCC_STATIC_UNITS = %reldir%/distccd.socket %reldir%/distccd-accept.socket
EXTRA_DIST += %reldir%/distccd.service.in %reldir%/distccd-accept@.service.in $(DCC_STATIC_UNITS) \
	%reldir%/distccd-defaults doc/systemd.md
CLEANFILES += $(DCC_GENERATED_UNITS)

# Paths are filled in by make, not configure, so that `make prefix=...` works.
DCC_SUBST_UNIT = $(AM_V_GEN)$(MKDIR_P) $(@D) && sed \
	-e 's|@bindir[@]|$(bindir)|g' \
	-e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g'

%reldir%/distccd.service: $(srcdir)/%reldir%/distccd.service.in Makefile
	$(DCC_SUBST_UNIT) $(srcdir)/%reldir%/distccd.service.in > $@.tmp && mv $@.tmp $@
%reldir%/distccd-accept@.service: $(srcdir)/%reldir%/distccd-accept@.service.in Makefile
	$(DCC_SUBST_UNIT) $(srcdir)/%reldir%/distccd-accept@.service.in > $@.tmp && mv $@.tmp $@

if WITH_SYSTEMD_UNITS
systemdsystemunit_DATA = $(DCC_GENERATED_UNITS) $(DCC_STATIC_UNITS)
pkglibexec_SCRIPTS = %reldir%/distccd-defaults
else
noinst_DATA = $(DCC_GENERATED_UNITS)
endif

# distcheck installs below a scratch prefix; the units go there too.
AM_DISTCHECK_CONFIGURE_FLAGS += --with-systemdsystemunitdir=$$dc_install_base/lib/systemd/system
