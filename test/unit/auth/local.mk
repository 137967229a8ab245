# test/unit/auth/local.mk -- unit_auth: tests for src/auth (links only libdcc_auth.a
# and the layers below), plus auth-peer, the program the GSS-API integration tests
# run as a client or server half (test/integration/test_gssapi_*.py).

if HAVE_GTEST
check_PROGRAMS += unit_auth
TESTS += unit_auth
unit_auth_CPPFLAGS = $(DCC_GTEST_CPPFLAGS) $(GSSAPI_CFLAGS)
unit_auth_SOURCES = \
	%reldir%/names_test.cpp \
	%reldir%/peer_name_test.cpp \
	%reldir%/principal_list_test.cpp \
	%reldir%/token_framing_test.cpp
if WITH_GSSAPI
unit_auth_SOURCES += %reldir%/gssapi_test.cpp
else
unit_auth_SOURCES += %reldir%/disabled_test.cpp
endif
unit_auth_LDADD = $(DCC_AUTH_LIBS) $(DCC_GTEST_LIBS)
endif

check_PROGRAMS += %reldir%/auth-peer
%canon_reldir%_auth_peer_SOURCES = %reldir%/auth_peer.cpp
%canon_reldir%_auth_peer_LDADD = $(DCC_AUTH_LIBS)
