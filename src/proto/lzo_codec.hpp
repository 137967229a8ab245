// SPDX-License-Identifier: GPL-2.0-or-later
// LZO1X-1 as distcc uses it on the wire (doc/protocol.md §6): one raw block per
// item, no header, no length prefix; the receiver grows its output buffer until
// lzo1x_decompress_safe succeeds, up to a hard cap.  Empty input compresses to an
// empty string here (the wire sends such items as PARAM 0 with no body).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::proto {

std::string lzo_compress(std::string_view plain);

// The largest compressed size of `plain_size` bytes (upstream's n + n/64 + 16 + 3).
std::size_t lzo_compress_bound(std::size_t plain_size);

// Compress into `out`, which must hold lzo_compress_bound(plain.size()) bytes; returns
// the compressed length.  Lets senders reuse an uninitialised buffer instead of
// zero-filling a string as large as the input.
std::size_t lzo_compress_into(std::string_view plain, char* out);

// Decompress one block.  Output larger than `max_output` bytes, or a corrupt
// stream, is ExitCode::io_error; memory use never exceeds about 2 * max_output.
Result<std::string> lzo_decompress(std::string_view compressed, std::size_t max_output);

}  // namespace dcc::proto
