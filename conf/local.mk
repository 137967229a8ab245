# conf/local.mk -- what `make install` adds for a working setup: the compiler
# whitelist directory $(prefix)/lib/distcc (distccd refuses to start without it) and
# $(sysconfdir)/distcc/{hosts,clients.allow,commands.allow.sh}.  A configuration file
# that already exists belongs to the administrator and is left alone; uninstall
# removes only files that are still as installed.

DCC_WHITELIST_DIR = $(prefix)/lib/distcc
DCC_CONF_DIR = $(sysconfdir)/distcc
DCC_CONF_FILES = hosts clients.allow commands.allow.sh
EXTRA_DIST += %reldir%/hosts %reldir%/clients.allow %reldir%/commands.allow.sh.in
CLEANFILES += %reldir%/commands.allow.sh

%reldir%/commands.allow.sh: %reldir%/commands.allow.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@whitelist_dir[@]|$(DCC_WHITELIST_DIR)|g' \
	    $(srcdir)/%reldir%/commands.allow.sh.in >$@.tmp && mv $@.tmp $@

# The file to install: generated ones are in the build tree, the others in srcdir.
dcc_conf_source = if test -f %reldir%/$$f; then src=%reldir%/$$f; else src=$(srcdir)/%reldir%/$$f; fi

install-data-local: install-dcc-conf
install-dcc-conf: %reldir%/commands.allow.sh
	$(MKDIR_P) '$(DESTDIR)$(DCC_WHITELIST_DIR)' '$(DESTDIR)$(DCC_CONF_DIR)'
	@for f in $(DCC_CONF_FILES); do \
	  $(dcc_conf_source); dest='$(DESTDIR)$(DCC_CONF_DIR)'/$$f; \
	  if test -e "$$dest" || test -h "$$dest"; then echo "keeping $$dest (it exists)"; continue; fi; \
	  case $$f in *.sh) mode=755 ;; *) mode=644 ;; esac; \
	  echo " $(INSTALL) -m $$mode $$src '$$dest'"; \
	  $(INSTALL) -m $$mode "$$src" "$$dest" || exit 1; \
	done

uninstall-local: uninstall-dcc-conf
uninstall-dcc-conf: %reldir%/commands.allow.sh
	@for f in $(DCC_CONF_FILES); do \
	  $(dcc_conf_source); dest='$(DESTDIR)$(DCC_CONF_DIR)'/$$f; \
	  if test -f "$$dest" && cmp -s "$$src" "$$dest"; then echo " rm -f '$$dest'"; rm -f "$$dest"; fi; \
	done
	-rmdir '$(DESTDIR)$(DCC_CONF_DIR)' '$(DESTDIR)$(DCC_WHITELIST_DIR)' 2>/dev/null

.PHONY: install-dcc-conf uninstall-dcc-conf
