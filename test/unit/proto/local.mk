# test/unit/proto/local.mk -- unit_proto: tests for src/proto.

if HAVE_GTEST
check_PROGRAMS += unit_proto
TESTS += unit_proto
unit_proto_CPPFLAGS = $(DCC_GTEST_CPPFLAGS)
unit_proto_SOURCES = \
	%reldir%/buffered_source_test.cpp \
	%reldir%/golden_test.cpp \
	%reldir%/load_report_test.cpp \
	%reldir%/lzo_codec_test.cpp \
	%reldir%/lzo_stream_test.cpp \
	%reldir%/malformed_test.cpp \
	%reldir%/messages_test.cpp \
	%reldir%/request_framer_test.cpp \
	%reldir%/side_messages_test.cpp \
	%reldir%/state_record_test.cpp \
	%reldir%/token_test.cpp
unit_proto_LDADD = $(DCC_PROTO_LIBS) $(DCC_GTEST_LIBS)
endif
