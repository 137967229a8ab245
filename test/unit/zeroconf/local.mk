# test/unit/zeroconf/local.mk -- unit_zeroconf: tests for src/zeroconf (links only
# libdcc_zeroconf.a and the layers below), plus zeroconf-peer, the program the
# zeroconf integration tests publish and browse with (test_zeroconf_*.py).

if HAVE_GTEST
check_PROGRAMS += unit_zeroconf
TESTS += unit_zeroconf
unit_zeroconf_CPPFLAGS = $(DCC_GTEST_CPPFLAGS) $(AVAHI_CFLAGS)
unit_zeroconf_SOURCES = \
	%reldir%/capabilities_test.cpp \
	%reldir%/compiler_identity_test.cpp \
	%reldir%/compiler_inventory_test.cpp \
	%reldir%/hosts_file_test.cpp \
	%reldir%/service_info_test.cpp
if WITH_AVAHI
unit_zeroconf_SOURCES += %reldir%/avahi_test.cpp
else
unit_zeroconf_SOURCES += %reldir%/disabled_test.cpp
endif
unit_zeroconf_LDADD = $(DCC_ZEROCONF_LIBS) $(DCC_GTEST_LIBS)
endif

check_PROGRAMS += %reldir%/zeroconf-peer
%canon_reldir%_zeroconf_peer_SOURCES = %reldir%/zeroconf_peer.cpp
%canon_reldir%_zeroconf_peer_LDADD = $(DCC_ZEROCONF_LIBS)
