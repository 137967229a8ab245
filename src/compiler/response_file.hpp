// SPDX-License-Identifier: GPL-2.0-or-later
// Response files (`@FILE` words), expanded the way Debian's distcc 3.4 does it with
// libiberty's expandargv before anything else looks at argv (doc/client.md §1).
// The expansion is pure: the client passes a reader that touches the disk
// (disk_response_file_reader), tests pass an in-memory one.  This file does not decide
// when to expand (the client does, first thing in main) and never expands argv[0].
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::compiler {

// Reads one response file.  Returns the text, or nullopt when the file cannot be
// read (then the `@FILE` word stays as it is), or an Error that stops the
// expansion (libiberty treats `@DIR` as fatal: "@-file refers to a directory").
using ResponseFileReader =
    std::function<Result<std::optional<std::string>>(const std::string& path)>;

// The real reader: stat() then read the whole file (up to k_max_response_file_size,
// beyond which it is an error); a directory is an error; anything unreadable is
// nullopt.
ResponseFileReader disk_response_file_reader();

inline constexpr std::size_t k_max_response_file_size = std::size_t{64} << 20;

// libiberty's limit on the number of `@` words processed in one expansion; reaching
// it ("too many @-files encountered") is an error, which also ends self-including
// files.
inline constexpr unsigned k_max_response_file_expansions = 2000;

// Split response-file text into words (libiberty buildargv): words are separated by
// whitespace (space, \t, \n, \v, \f, \r); a backslash makes the next character
// literal (also inside quotes); '...' and "..." group characters, quotes removed; an
// unterminated quote runs to the end of the text; '' or "" alone make an empty word;
// text after a NUL byte is ignored; only whitespace gives no words at all.
std::vector<std::string> split_response_text(std::string_view text);

// Expand every `@FILE` word of argv[1..] in place, recursively (the inserted words
// are scanned again, so nested response files work).  Errors use
// ExitCode::bad_arguments; libiberty itself exits with status 1 there.
Result<std::vector<std::string>> expand_response_files(const std::vector<std::string>& argv,
                                                        const ResponseFileReader& reader);

}  // namespace dcc::compiler
