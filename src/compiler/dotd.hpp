// SPDX-License-Identifier: GPL-2.0-or-later
// Dependency-file (`.d`) knowledge on the client side (doc/client.md §11.1): whether
// a compile writes a .d file, under which name, and with which make target -- the
// information pump mode needs to ask the server for a .d and to store the DOTD it
// gets back, and that plain mode uses to make the local preprocessor write the .d
// exactly where gcc would.  Pure: DEPENDENCIES_OUTPUT's value is passed in.  The
// daemon's textual .d rewrite lives in server_argv.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/scan_args.hpp"

namespace dcc::compiler {

struct DotdInfo {
    // DEPENDENCIES_OUTPUT is set, or some word starts with "-M" other than a separate
    // "-MT"/"-MQ" (whose argument is skipped); "-MF x" alone counts (upstream
    // dcc_get_dotd_info).
    bool needed = false;
    // A separate "-MT" or "-MQ" word exists.  QUIRK kept: a joined "-MTfoo" does not
    // count (but does make `needed` true).
    bool sets_target = false;
    // Where the .d goes: the last -MF argument (separate or joined); else
    // DEPENDENCIES_OUTPUT up to its first space; else the output name with its
    // extension replaced (dotd_name_for_output).  Meaningful when `needed`.
    std::string file_name;
    // The target named by DEPENDENCIES_OUTPUT after its first space, if any.
    std::optional<std::string> env_target;
};

// `scan` must be a distributable scan result (so its argv holds the output).
// `dependencies_output` is the DEPENDENCIES_OUTPUT value when that variable is set.
// Deliberate fix (doc/client.md §11.1): a joined "-oFILE" names the .d like
// "-o FILE"; upstream fell back to the input name there.
DotdInfo dotd_info(const ScanResult& scan, std::optional<std::string_view> dependencies_output);

// The .d name gcc derives from an output file: the text after the last '.' of the
// base name replaced by "d"; ".d" appended when the base name has no dot.
std::string dotd_name_for_output(std::string_view output);

// The -MT target the client appends for pump servers (doc/client.md §10): the
// DEPENDENCIES_OUTPUT target if given, else the output name.
std::string pump_dotd_target(const ScanResult& scan, const DotdInfo& info);

}  // namespace dcc::compiler
