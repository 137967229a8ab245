// SPDX-License-Identifier: GPL-2.0-or-later
// Daemon-side command-line work (doc/protocol.md §8.3-8.5, doc/daemon.md §8 items 4-5): the argv
// the daemon runs for a plain (v1/v2) or pump (v3) job, the textual rewrite of the .d
// file a pump job produced, and the refusal of -fplugin= / -specs= arguments.  Pure
// functions: the daemon chooses the temp paths, reads and writes the files, and runs
// the compiler; nothing here touches the disk except through FileProbe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "compiler/file_probe.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::compiler {

// Plain mode (doc/protocol.md §8.3, upstream dcc_set_input + dcc_set_output): `scan` is the
// daemon's scan of the received argv (it must say distribute); the input word
// becomes `temp_input` and the output becomes `temp_output` ("-o FILE" -> the next
// word, "-oFILE" -> "-o<temp_output>").  Only the words the scanner identified are
// replaced (see ScanResult::input_index).
std::vector<std::string> plain_server_argv(const ScanResult& scan, std::string_view temp_input,
                                           std::string_view temp_output);

// Paths the daemon chose for one pump job.
struct PumpJobPaths {
    std::string_view root;         // the job's temp root, e.g. "/tmp/distccd_WIA7h6"
    std::string_view temp_output;  // e.g. "/tmp/distccd_4c456d41.o"
    std::string_view deps_file;    // the server .deps temp file, e.g. "/tmp/distcc_4d236d41.deps"
};

struct PumpArgv {
    std::vector<std::string> argv;
    // The make target for the .d rewrite: the argument of the converted -MT, else the
    // client's original output name.
    std::string dotd_target;
};

// Pump mode (doc/protocol.md §8.4), applied to the scanned argv after the output was
// replaced by `paths.temp_output`:
//  1. the first word exactly "-MT" and its argument are removed, the argument
//     becoming the dotd target (joined -MTfoo and later -MTs stay -- QUIRK kept);
//  2. "-MMD" appended unless -MD or -MMD is present;
//  3. "-MF <deps_file>" appended (gcc honours the last -MF);
//  4. absolute paths of include options (-I -include -imacros -idirafter -iprefix
//     -iwithprefix -iwithprefixbefore -isystem -iquote, first prefix match in that
//     order, separate or joined) get `root` prepended; QUIRK kept for compatibility:
//     a separate "-iwithprefixbefore DIR" matches -iwithprefix first (argument
//     "before"), so DIR is not re-rooted;
//  5. an absolute input becomes "<root>/<input without leading slashes>".
// Error (ExitCode::protocol_error) when "-MT" is the last word.
Result<PumpArgv> pump_server_argv_for_job(const ScanResult& scan, const PumpJobPaths& paths);

// The argument that keeps the pump root out of everything the compiler records
// (doc/protocol.md §8.6): "-ffile-prefix-map=<root>=" maps DW_AT_comp_dir, the
// DWARF file names and __FILE__ back to client paths.  gcc and clang do not record
// it in DW_AT_producer, so objects match a local compile byte for byte.
std::string pump_prefix_map_argument(std::string_view root);

// The textual .d rewrite (doc/protocol.md §8.5) over the whole file: in each line the first
// occurrence of `temp_output` becomes `dotd_target`, then every occurrence of `root` is
// deleted.  Line breaks are kept; there is no line-length limit (upstream aborted the
// reply on lines over 8192 bytes).
std::string rewrite_server_dotd(std::string_view dotd, std::string_view temp_output,
                                 std::string_view dotd_target, std::string_view root);

// How the daemon treats "-specs=FILE" (doc/daemon.md §8 item 5).
enum class SpecsPolicy {
    refuse,              // Debian 3.4: every -specs= is refused
    require_in_sysroot,  // 3.4+git: allowed only when <sysroot>/<FILE> is a regular file
};

// Arguments the daemon refuses to run with (doc/daemon.md §8 items 4-5): any word starting
// "-fplugin=" (message "-fplugin= passed, which are insecure and not supported."),
// then "-specs=" words per `policy` (message "-specs= passed, but we cannot find the
// specs.").  `sysroot` is the daemon's --sysroot, if any.  The error's message is the
// warning text for the daemon log; its code is ExitCode::bad_arguments.
Status check_server_arguments(const std::vector<std::string>& argv, SpecsPolicy policy,
                              std::optional<std::string_view> sysroot, const FileProbe& probe);

// --- exposed for the table-consistency unit test --------------------------------

// The include options re-rooted in pump mode, in upstream's (order-significant) order.
std::span<const std::string_view> reroot_include_options();

}  // namespace dcc::compiler
