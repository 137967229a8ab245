# src/proto/local.mk -- libdcc_proto.a: the bytes on the wire, shared by everyone.

noinst_LIBRARIES += libdcc_proto.a
libdcc_proto_a_CPPFLAGS = $(AM_CPPFLAGS) $(LZO_CFLAGS)
libdcc_proto_a_SOURCES = \
	%reldir%/buffered_source.cpp %reldir%/buffered_source.hpp \
	%reldir%/limits.hpp \
	%reldir%/load_report.cpp %reldir%/load_report.hpp \
	%reldir%/lzo_codec.cpp %reldir%/lzo_codec.hpp \
	%reldir%/lzo_stream.cpp %reldir%/lzo_stream.hpp \
	%reldir%/messages.cpp %reldir%/messages.hpp \
	%reldir%/packet.cpp %reldir%/packet.hpp \
	%reldir%/request_framer.cpp %reldir%/request_framer.hpp \
	%reldir%/state_record.cpp %reldir%/state_record.hpp \
	%reldir%/stream.cpp %reldir%/stream.hpp \
	%reldir%/token.cpp %reldir%/token.hpp

# What a program linking libdcc_proto.a must also link.
DCC_PROTO_LIBS = libdcc_proto.a libdcc_common.a $(LZO_LIBS)
