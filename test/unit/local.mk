# test/unit/local.mk -- GoogleTest binaries, one per layer.  Each links only its own
# layer and the layers below, so an include of a higher layer fails to link.

if HAVE_GTEST
DCC_GTEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/test/unit $(GTEST_CFLAGS)
DCC_GTEST_LIBS = $(GTEST_LIBS) -lgtest_main -lpthread
endif
EXTRA_DIST += %reldir%/support/scratch_dir.hpp

include %reldir%/common/local.mk
include %reldir%/proto/local.mk
include %reldir%/compiler/local.mk
include %reldir%/auth/local.mk
include %reldir%/zeroconf/local.mk
include %reldir%/client/local.mk
include %reldir%/daemon/local.mk
include %reldir%/tools/local.mk
include %reldir%/include_server/local.mk
