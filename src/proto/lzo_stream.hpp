// SPDX-License-Identifier: GPL-2.0-or-later
// Streaming LZO1X decompression for receivers that must not trust what an item
// decompresses to (doc/security.md §1): the compressed bytes are read from a Source
// in 64 KiB pieces and the plain bytes leave through a callback in pieces of at most
// 1 MiB + 64 KiB, keeping back only the history LZO1X can refer to (48 KiB).  Memory is
// therefore fixed (about 1.2 MiB) whatever the data claims; only `max_output` bounds
// the total, and the caller decides where it goes (distccd: the job's input file).
// The decoder accepts exactly the streams liblzo2's lzo1x_decompress_safe accepts
// and produces the same bytes (test/unit/proto/lzo_stream_test.cpp checks both).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "common/result.hpp"
#include "proto/stream.hpp"

namespace dcc::proto {

// Receives each decompressed piece in order.
using PlainSink = std::function<Status(std::string_view piece)>;

// Decompress one LZO1X block of exactly `compressed_length` bytes read from `source`.
// Returns the plain length.  Errors: the Source's own (truncated, io_error), the
// sink's, and ExitCode::io_error for a corrupt block or one that decompresses to
// more than `max_output` bytes (found as soon as the output passes the cap).
Result<std::size_t> lzo_decompress_stream(Source& source, std::size_t compressed_length, std::size_t max_output,
                                          const PlainSink& sink);

}  // namespace dcc::proto
