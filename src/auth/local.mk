# src/auth/local.mk -- libdcc_auth.a: the GSS-API mutual-authentication layer
# (doc/protocol.md §11) for the client and the daemon.  With GSS-API the real
# halves are built; without it disabled.cpp provides the same interface, failing.
# libgssapi_krb5 is loaded at run time (gss_library.hpp says why), so programs link
# no GSS-API library; dlopen is part of glibc's libc.

noinst_LIBRARIES += libdcc_auth.a
libdcc_auth_a_CPPFLAGS = $(AM_CPPFLAGS) $(GSSAPI_CFLAGS)
libdcc_auth_a_SOURCES = \
	%reldir%/auth.hpp \
	%reldir%/names.cpp %reldir%/names.hpp \
	%reldir%/peer_name.cpp %reldir%/peer_name.hpp \
	%reldir%/principal_list.cpp %reldir%/principal_list.hpp \
	%reldir%/token_framing.cpp %reldir%/token_framing.hpp
if WITH_GSSAPI
libdcc_auth_a_SOURCES += \
	%reldir%/gss_library.cpp %reldir%/gss_library.hpp \
	%reldir%/gssapi_client.cpp \
	%reldir%/gssapi_server.cpp
else
libdcc_auth_a_SOURCES += %reldir%/disabled.cpp
endif

# Everything a program using libdcc_auth.a links, lowest layer last; e.g. the
# client: libdcc_client.a $(DCC_AUTH_LIBS) ... (duplicates of lower layers are fine).
DCC_AUTH_LIBS = libdcc_auth.a $(DCC_PROTO_LIBS)
