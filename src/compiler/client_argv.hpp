// SPDX-License-Identifier: GPL-2.0-or-later
// The command lines the client builds from a distributable scan (doc/client.md §9,
// §10 and §11.1): the argv sent to a plain-mode server (local-only options stripped),
// the local preprocessor command, and the argv sent to a pump server.  Pure functions
// over ScanResult; the client runs and sends them, this file decides nothing about
// hosts or modes.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/dotd.hpp"
#include "compiler/option_table.hpp"
#include "compiler/preprocess_style.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::compiler {

// Upstream dcc_strip_local_args over any argv: removes the preprocessor- and
// linker-only options -- "-D -I -U -L -l -MF -MT -MQ -include -imacros -iprefix
// -iwithprefix -isystem -iwithprefixbefore -idirafter -Xpreprocessor" together with
// their argument when the word is exactly the option; words starting "-Wp, -Wl, -D -U
// -I -l -L -MF -MT -MQ -isystem" and the words "-undef -nostdinc -nostdinc++ -MD -MMD
// -MG -MP" alone.  Deliberate fixes: "-stdlib=..." is kept (doc/client.md §9: it
// matters for C++ code generation); "-Xpreprocessor X" is removed as the spec says,
// where Debian 3.4 removed neither word (unless X itself is removable).
std::vector<std::string> strip_local_args(std::span<const std::string> argv);

// Server argv for protocols 1/2: strip_local_args over the user's words, then the
// "-o <output>" the scanner appended, if any.  (Upstream stripped the whole vector, so
// a trailing "-I" swallowed the appended "-o" and the server got "gcc -c a.c a.o".)
std::vector<std::string> plain_remote_argv(const ScanResult& scan);

// The local preprocessor command for plain mode (upstream dcc_strip_dasho +
// dcc_set_action_opt): `scan.argv` with every "-o X"/"-oX" removed and every "-c"
// or "-S" replaced by "-E"; the client redirects its stdout to the temp .i file.
// Deliberate fix (doc/client.md §11.1), so that the .d file is written where and as
// the compiler alone would write it, when the user named the output with -o:
//  * "-MD"/"-MMD" as words of their own: "-MF <dotd_name_for_output>" is added unless
//    an -MF was given, and "-MQ <output>" unless -MT/-MQ was given (the gcc and clang
//    drivers add exactly these for the object's .d);
//  * "-MD"/"-MMD" only inside "-Wp,": gcc's preprocessor then uses its own default
//    target, which the local run reproduces unchanged; clang still targets the
//    output, so for clang-named compilers "-MQ <output>" is added as above.
// With an implied output the preprocessor's defaults already match the compiler's.
// A faithful `style` (doc/client.md §9.1) puts its flag after each "-E":
// "-fdirectives-only" for gcc, "-frewrite-includes" for clang.
std::vector<std::string> preprocessor_argv(const ScanResult& scan, PreprocessStyle style = PreprocessStyle::full);

// What the server needs to compile the text `style` produced, inserted after the
// compiler name of a plain-mode server argv: "-fpreprocessed -fdirectives-only" for
// gcc's directives-only output; for clang's rewritten source, which clang compiles
// as cpp-output from the daemon's .i/.ii name (macros still expand; the object names
// the file of the first line marker), "-fdebug-compilation-dir=<cwd>" unless the
// user set a compilation directory, so that DW_AT_comp_dir is the client's working
// directory (gcc takes it from the "# 1 <cwd>//" marker -E writes under -g; clang
// writes none).  Full preprocessing needs nothing.
std::vector<std::string> faithful_server_argv(std::vector<std::string> server_argv, PreprocessStyle style,
                                              std::string_view cwd);

// The line clang -frewrite-includes writes first.  The client drops it before
// sending: as cpp-output, clang takes the main file's name (the object's STT_FILE
// symbol, DW_AT_name) from the first line marker, which must name the source.
inline constexpr std::string_view k_rewrite_includes_first_line = "# 1 \"<built-in>\"\n";

// Server argv for protocol 3 (doc/client.md §10): the whole scanned argv, plus
// "-MT <pump_dotd_target>" when a .d file is needed and no separate -MT/-MQ was given.
std::vector<std::string> pump_server_argv(const ScanResult& scan, const DotdInfo& dotd);

// --- exposed for the table-consistency unit test --------------------------------

enum class StripAction : std::uint8_t { drop, drop_with_argument };
std::span<const OptionRule<StripAction>> strip_option_table();

}  // namespace dcc::compiler
