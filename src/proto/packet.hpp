// SPDX-License-Identifier: GPL-2.0-or-later
// Reading and writing single packets (header + optional body) over a Source/Sink:
// plain values (DIST, ARGC, STAT, ...), strings (ARGV, CDIR, NAME, LINK) and bulk
// items that are LZO-compressed in protocols 2 and 3.  The request and reply
// sequences in messages.hpp are built from these.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "proto/stream.hpp"
#include "proto/token.hpp"

namespace dcc::proto {

enum class Compression { none, lzo };

Status write_value(Sink& sink, Token token, uint32_t value);
Status write_string(Sink& sink, Token token, std::string_view text);
// Compresses when asked; an empty item is sent as PARAM 0 without a body.
Status write_bulk(Sink& sink, Token token, std::string_view data, Compression compression);

// Read a 12-byte header that must carry `expected`; on derailment the error message
// shows what came instead (up to ~200 printable bytes).
Result<uint32_t> read_value(Source& source, Token expected);
Result<DecodedHeader> read_any_header(Source& source);

// A body of exactly `length` bytes, refused if over `max_length`.  Memory grows with
// the bytes that actually arrive.
Result<std::string> read_body(Source& source, uint32_t length, std::size_t max_length, Token token);

Result<std::string> read_string(Source& source, Token expected, std::size_t max_length);

// Read a bulk item and decompress it if asked.  `max_size` bounds both the wire
// length and the decompressed size.
Result<std::string> read_bulk(Source& source, Token expected, Compression compression, std::size_t max_size);

// Body of a bulk item whose header was already read.
Result<std::string> read_bulk_body(Source& source, Token token, uint32_t length, Compression compression,
                                   std::size_t max_size);

}  // namespace dcc::proto
