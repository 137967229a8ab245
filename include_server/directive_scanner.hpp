// SPDX-License-Identifier: GPL-2.0-or-later
// The fast directive scan of one source file (doc/include-server.md, "Scanning a
// file"): it reduces the file to its #include/#import targets by kind, its computed
// include expressions, its #include_next targets and its #define lines.  Like
// upstream's parse_file.py it does not evaluate #if, #ifdef or #undef (every branch
// counts) and it knows comments only where they may precede a directive or follow
// it on the same line.  A pure function over bytes; the caller reads the file,
// interns the paths and enters the definitions into the macro table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::include_server {

// One #define: the head ("NAME" or "NAME(a, b)") and the value after it, without
// trailing blanks and a trailing comment; nullopt when nothing follows the head.
struct DefineLine {
    std::string head;
    std::optional<std::string> value;
    bool operator==(const DefineLine&) const = default;
};

struct ScanResult {
    std::vector<std::string> quote_includes;  // #include "x" and #import "x"
    std::vector<std::string> angle_includes;  // #include <x> and #import <x>
    std::vector<std::string> expr_includes;   // #include MACRO(...) -- computed
    std::vector<std::string> next_includes;   // #include_next "x" or <x>
    std::vector<DefineLine> defines;
    bool operator==(const ScanResult&) const = default;
};

ScanResult scan_directives(std::string_view contents);

// The text of one directive as upstream interprets it: backslash-newlines removed,
// then every /*...*/ on the line removed.  Exposed for tests.
std::string clean_directive(std::string_view raw);

}  // namespace dcc::include_server
