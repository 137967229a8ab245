// SPDX-License-Identifier: GPL-2.0-or-later
// The source names a preprocessed text's line markers carry (`# N "name"`, `#line N
// "name"`), and where a clang coverage job's empty placeholder for each relative one
// goes in the daemon's job directory (doc/protocol.md §16.7): clang 14 records a
// function's source in its coverage note by the name alone only when that name exists
// relative to its working directory.  Pure: works on bytes and names in memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::compiler {

struct SourceNameLimits {
    std::size_t max_names = 4096;   // distinct names
    std::size_t max_length = 4096;  // bytes of one name, unescaped
};

// The distinct names of the line markers of `text`, in the order first seen, with
// the escapes the preprocessors write (\\, \", octal) undone.  Markers are lines of
// optional blanks, '#', optional blanks, an optional "line", digits, then a quoted
// name; a name with a NUL or an unterminated quote is skipped.  More names, or a
// longer one, than `limits` allow is an error.
Result<std::vector<std::string>> line_marker_names(std::string_view text, const SourceNameLimits& limits = {});

// Does a clang coverage job need a placeholder for `name`: relative, not empty and
// not one of the compiler's pseudo names ("<built-in>", "<command line>", "<stdin>").
bool needs_placeholder(std::string_view name);

// How many directories above its start a relative path reaches, component by
// component ("../a" 1, "a/../../b" 1, "a/b/.." 0).
std::size_t climb_of(std::string_view relative);

// The job's working directory below the job directory for a climb of `depth`:
// "d1/d2/.../d<depth>", empty for 0, so that every path climbing at most `depth`
// stays inside the job directory.
std::string nested_cwd(std::size_t depth);

// Where `relative` (climbing at most `depth`) lands, relative to the job directory,
// when the working directory is nested_cwd(depth): the directories to create, in
// order (every component it walks through, so that "a/../x" resolves as it does on
// the client), and the file itself.  nullopt when it climbs more than `depth` or
// names no file (empty, or ending in "." or "..").
struct Placement {
    std::vector<std::string> directories;
    std::string file;
};
std::optional<Placement> place_in_job(std::string_view relative, std::size_t depth);

}  // namespace dcc::compiler
