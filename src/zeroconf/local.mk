# src/zeroconf/local.mk -- libdcc_zeroconf.a: mDNS/DNS-SD through Avahi, the
# client's `+zeroconf` browser and distccd --zeroconf's announcement.  With Avahi
# the real browser and publisher are built; without it disabled.cpp provides the
# same interface, failing.  libavahi-client is loaded at run time
# (avahi_library.hpp says why), so programs link no Avahi library.

noinst_LIBRARIES += libdcc_zeroconf.a
libdcc_zeroconf_a_CPPFLAGS = $(AM_CPPFLAGS) $(AVAHI_CFLAGS)
libdcc_zeroconf_a_SOURCES = \
	%reldir%/capabilities.cpp %reldir%/capabilities.hpp \
	%reldir%/compiler_identity.cpp %reldir%/compiler_identity.hpp \
	%reldir%/compiler_inventory.cpp %reldir%/compiler_inventory.hpp \
	%reldir%/hosts_file.cpp %reldir%/hosts_file.hpp \
	%reldir%/service_info.cpp %reldir%/service_info.hpp \
	%reldir%/zeroconf.hpp
if WITH_AVAHI
libdcc_zeroconf_a_SOURCES += \
	%reldir%/avahi_library.cpp %reldir%/avahi_library.hpp \
	%reldir%/browser.cpp \
	%reldir%/publisher.cpp
else
libdcc_zeroconf_a_SOURCES += %reldir%/disabled.cpp
endif

# Everything a program using libdcc_zeroconf.a links, lowest layer last.
DCC_ZEROCONF_LIBS = libdcc_zeroconf.a libdcc_common.a
