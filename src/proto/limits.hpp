// SPDX-License-Identifier: GPL-2.0-or-later
// Caps on every length a peer can claim.  The daemon treats the network as hostile:
// a claim beyond a cap is refused before any memory is reserved for it, and bodies
// are read in chunks so that a large claim without the bytes behind it costs nothing.
// The defaults are generous for real builds; distccd makes them configurable.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dcc::proto {

struct Limits {
    uint32_t max_argc = 100000;                        // ARGC
    std::size_t max_arg_length = 1u << 20;             // one ARGV word
    std::size_t max_argv_total = 16u << 20;            // all ARGV words together
    std::size_t max_path_length = 4096;                // CDIR, NAME, LINK
    std::size_t max_item_size = 1u << 30;              // one bulk item, compressed or not
    uint32_t max_files = 100000;                       // NFIL
    std::size_t max_files_total = std::size_t(4) << 30;  // all FILE bodies, decompressed
    std::size_t max_path_depth = 48;                   // components of a NAME or CDIR
    uint32_t max_extra_inputs = 8;                     // XINS (doc/protocol.md §16.3)
};

}  // namespace dcc::proto
