// SPDX-License-Identifier: GPL-2.0-or-later
// The command lines the client builds from a distributable scan (client.md sections 9,
// 10 and 11.1): the argv sent to a plain-mode server (local-only options stripped),
// the local preprocessor command, and the argv sent to a pump server.  Pure functions
// over ScanResult; the client runs and sends them, this file decides nothing about
// hosts or modes.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compiler/dotd.hpp"
#include "compiler/option_table.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::compiler {

// Server argv for protocols 1/2 (upstream dcc_strip_local_args): removes the
// preprocessor- and linker-only options -- "-D -I -U -L -l -MF -MT -MQ -include
// -imacros -iprefix -iwithprefix -isystem -iwithprefixbefore -idirafter
// -Xpreprocessor" together with their argument when the word is exactly the option;
// words starting "-Wp, -Wl, -D -U -I -l -L -MF -MT -MQ -isystem" and the words
// "-undef -nostdinc -nostdinc++ -MD -MMD -MG -MP" alone.  Deliberate fix (client.md 9
// QUIRK): "-stdlib=..." is kept, as it matters for C++ code generation.
std::vector<std::string> strip_local_args(const std::vector<std::string>& argv);

// The local preprocessor command for plain mode (upstream dcc_strip_dasho +
// dcc_set_action_opt): `scan.argv` with every "-o X"/"-oX" removed and every "-c"
// or "-S" replaced by "-E"; the client redirects its stdout to the temp .i file.
// Deliberate fix (client.md 11.1 QUIRK): when "-MD"/"-MMD" is present and the user
// named the output (-o), "-MF <name gcc would use>" is added unless an -MF was given,
// and "-MQ <output>" unless -MT/-MQ was given, so the .d file is written where and as
// a local gcc would write it (gcc itself passes -MQ for that default target).  With
// an implied output the preprocessor's own defaults already match gcc's.
std::vector<std::string> preprocessor_argv(const ScanResult& scan);

// Server argv for protocol 3 (client.md section 10): the whole scanned argv, plus
// "-MT <pump_dotd_target>" when a .d file is needed and no separate -MT/-MQ was given.
std::vector<std::string> pump_server_argv(const ScanResult& scan, const DotdInfo& dotd);

// --- exposed for the table-consistency unit test --------------------------------

enum class StripAction : std::uint8_t { drop, drop_with_argument };
std::span<const OptionRule<StripAction>> strip_option_table();

}  // namespace dcc::compiler
