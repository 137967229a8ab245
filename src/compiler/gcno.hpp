// SPDX-License-Identifier: GPL-2.0-or-later
// The working-directory record of a gcc coverage note file (.gcno), and its rewrite:
// a daemon's compile records the daemon's job directory there, which the client's
// gcov would then use to find relative sources (doc/protocol.md §16.6).  Only the
// formats verified byte for byte are accepted (gcc 12: magic, version, stamp,
// checksum, then the directory as a byte length and its NUL-terminated characters);
// anything else is an error, never a guess.  Pure: works on bytes in memory.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::compiler {

// The upper bound on the recorded directory's length that the parser accepts.
inline constexpr std::size_t k_max_gcno_cwd = 4096;

// The directory recorded in `gcno`.
Result<std::string> gcno_cwd(std::string_view gcno);

// `gcno` with its directory record replaced by `cwd`; the records after it are kept
// byte for byte.
Result<std::string> rewrite_gcno_cwd(std::string_view gcno, std::string_view cwd);

}  // namespace dcc::compiler
