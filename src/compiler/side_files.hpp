// SPDX-License-Identifier: GPL-2.0-or-later
// Side outputs and declared extra inputs of a compile (doc/protocol.md §16): which
// files besides the object a command writes (-gsplit-dwarf .dwo, -fstack-usage .su,
// clang -ftime-trace .json, gcc coverage .gcno) and which data files named in it the
// compile reads (profile data, sanitizer lists), so that protocol versions 5 and 6
// can carry them.
// A pure function of the scanned argv: the client runs it on the argv it sends, the
// daemon on the argv it received, and both get the same list in the same order.
// It also rewrites the argv for the daemon's job directory.  Nothing here opens a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/scan_args.hpp"

namespace dcc::compiler {

// The kinds of side output, numbered as XKND's PARAM (doc/protocol.md §16.2).
enum class SideKind : std::uint8_t { dwo = 1, stack_usage = 2, time_trace = 3, gcov_note = 4 };
inline constexpr std::uint32_t k_max_side_kind = 4;
const char* side_suffix(SideKind kind);  // ".dwo", ".su", ".json", ".gcno"

struct SideOutput {
    SideKind kind;
    std::string path;  // relative to the compiler's working directory: the output word's stem + suffix
};

// How a declared input is found on the client and placed on the server.
enum class InputForm : std::uint8_t {
    file,              // -fX=FILE (clang): FILE itself, or FILE/default.profdata for a directory
    gcc_profile_dir,   // gcc -fprofile-use=DIR: DIR/<mangled absolute object stem>.gcda
    gcc_profile_bare,  // gcc -fprofile-use: <object stem>.gcda beside the object
};

struct ExtraInput {
    std::size_t index = 0;  // the word in argv
    std::string option;     // the word up to and including '=' ("-fprofile-use" for the bare form)
    std::string value;      // the path after '=' as given (empty for the bare form)
    InputForm form = InputForm::file;
};

struct SidePlan {
    std::vector<SideOutput> outputs;
    std::vector<ExtraInput> inputs;
    // Words the daemon serves itself, which the argument policy must not see
    // (doc/protocol.md §16.4 item 1): every declared input, -ftime-trace and the
    // coverage words.
    std::vector<std::size_t> served_words;
    std::string output_stem;  // the output word without its last suffix
    // An output word that climbs with ".." (doc/protocol.md §16.7 item 3): its index
    // in argv and the word the argument policy sees instead, the same path as the
    // daemon places it inside its job directory.
    std::optional<std::pair<std::size_t, std::string>> placed_output;
    // Set when the command needs the extension but cannot use it; one phrase for the
    // client's "running locally" warning (and the daemon's refusal).
    std::optional<std::string> unusable;
    // Coverage instrumentation (--coverage, -fprofile-arcs, -ftest-coverage): the
    // object names the client's .gcda and the .gcno comes back; gcc's (doc/protocol.md
    // §16.6) only to a host with k_cap_coverage, clang's (§16.7, `clang_coverage`) only
    // to one with k_cap_clang_coverage.  `coverage_arcs`: the object counts arcs
    // (--coverage, -fprofile-arcs) and so names a .gcda.
    bool coverage = false;
    bool clang_coverage = false;
    bool coverage_arcs = false;
    bool needed() const { return !outputs.empty() || !inputs.empty() || coverage; }
};

// The plan for a distributable scan (scan.argv as it travels).
SidePlan plan_side_files(const ScanResult& scan);

// gcc's name for the .gcda of an object with absolute stem `absolute_stem` under
// -fprofile-use=DIR (gcc 12 mangle_path: '/' becomes '#', a ".." component '^').
std::string gcc_mangled_gcda_name(std::string_view absolute_stem);

// `argv` without the words at `served` (for the argument policy).
std::vector<std::string> without_served_words(const std::vector<std::string>& argv,
                                              const std::vector<std::size_t>& served);

// What the argument policy checks of the argv `plan` was made from: its placed
// output word instead of the one that climbs, without the served words.
std::vector<std::string> policy_view(std::vector<std::string> argv, const SidePlan& plan);

// The daemon's argv: the input word replaced by `input_path`, each declared input word pointed at `input_paths[k]` (a file,
// or the directory for gcc_profile_dir; ignored for the bare form, whose file the
// daemon places beside the object), and "-fdebug-prefix-map=<job_cwd>=<client_cwd>"
// appended.  The output word stays as the client wrote it (relative).  For coverage,
// "-dumpdir <client_cwd>/<directory of the output word>" makes gcc name the client's
// .gcda in the object, and "-fprofile-note=<stem>.gcno" keeps the note in the job
// directory (doc/protocol.md §16.6).  For clang coverage, "-Xclang
// -coverage-data-file=<client_cwd>/<stem>.gcda" (with arcs) and "-Xclang
// -coverage-notes-file=<stem>.gcno" (with a note) override the driver's absolute
// names made from the job directory (doc/protocol.md §16.7).
std::vector<std::string> side_server_argv(const ScanResult& scan, const SidePlan& plan, const std::string& input_path,
                                          const std::vector<std::string>& input_paths, std::string_view job_cwd,
                                          std::string_view client_cwd);

}  // namespace dcc::compiler
