// SPDX-License-Identifier: GPL-2.0-or-later
// The argument scanner: decides from a compiler command line alone whether a job can
// be distributed, and finds its input and output (doc/client.md §3).  A pure
// function: no file is opened, no variable read.  The client runs it to decide, and
// the daemon runs the same function on the argv it receives and refuses what the
// client would not have sent (upstream dcc_scan_args).  Where Debian's distcc 3.4 and
// later upstream differ, this follows Debian 3.4 (-specs= and -flto run locally).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "compiler/option_table.hpp"

namespace dcc::compiler {

// Why a command runs locally.  The client's "running locally" warning is rendered
// from this value (describe()), never written where the decision is made.
enum class LocalReason {
    preprocess_only,       // -E (uses a local cpp slot, upstream EXIT_LOCAL_CPP)
    dependencies_only,     // -M, -MM, -ME, ... (other -M words)
    native_cpu,            // -march=native / -mtune=native
    assembler_listing,     // -Wa, with ,-a or --MD
    profiling,             // -fprofile-arcs, -ftest-coverage, --coverage, -fprofile-*...
    frepo,                 // -frepo
    unsupported_language,  // -x LANG that is not c/c++/objective-c/... family
    rtl_dump,              // -dr*
    no_compile_flag,       // neither -c nor -S: linking or preprocessing
    no_input,              // no source file found
    two_inputs,            // more than one source file
    two_outputs,           // a second -o
    object_inputs,         // an object file word after the output is known ("called for link?")
    conftest,              // autoconf probe (conftest.*, tmp.conftest.*)
    output_to_stdout,      // -o -
    short_basename,        // derived output name would be too short
    trailing_output_flag,  // -o as the last word
    specs_file,            // -specs= (local in Debian 3.4)
    lto,                   // exactly -flto (local in Debian 3.4; -flto=N is distributed)
    missing_argument,      // -MF, -MT or -MQ as the last word (gcc rejects the command)
};

// Short human text naming the reason, e.g. "-march=native", "linking", "-E".
const char* describe(LocalReason reason);

struct ScanResult {
    enum class Decision { distribute, local };
    Decision decision = Decision::local;
    LocalReason reason = LocalReason::no_input;  // meaningful when local

    // The command after `-Wp,` expansion, with `-o <output>` appended when the
    // output was implied.  Used for the remote and the local run alike.
    std::vector<std::string> argv;
    std::string input;   // the source word as given (e.g. "src/main.c")
    std::string output;  // the output word (given or derived)
    bool output_implied = false;
    bool saw_dash_S = false;
    bool saw_dash_c = false;

    // Positions in `argv`, valid when decision == distribute: the word that is the
    // input, and the word holding the output (the word after a separate "-o", or the
    // joined "-oFILE" word itself, in which case output_joined is true).  The daemon
    // replaces exactly these words (doc/protocol.md §8.3), so an option argument that
    // merely looks like a source (say "-o x.c" or "-include /a/b.c") is never taken
    // for the input, unlike upstream dcc_set_input which takes the first such word.
    std::size_t input_index = 0;
    std::size_t output_index = 0;
    bool output_joined = false;

    // Where -MD/-MMD came from: a word of its own, which the compiler driver sees, or
    // a `-Wp,` word, which only the preprocessor sees.  gcc chooses the .d target
    // differently for the two (client_argv.hpp preprocessor_argv).
    bool md_from_driver = false;
    bool md_from_wp = false;

    bool distribute() const { return decision == Decision::distribute; }
};

// Scan argv (argv[0] = compiler).  Errors (ExitCode::bad_arguments) only for
// commands that cannot be run at all: an empty argv, or argv[0] starting with '-'
// (message "unrecognized distcc option: X").
Result<ScanResult> scan_args(const std::vector<std::string>& argv);

// Expand `-Wp,a,b` words in place into the pieces between the commas (doc/client.md
// §3, upstream dcc_expand_preprocessor_options).  As observed with Debian 3.4:
// every comma separates, so empty pieces stay as empty words ("-Wp," -> ""), and a
// piece "-MD" or "-MMD" followed by another piece FILE becomes "-MD -MF FILE"
// anywhere in the list ("-Wp,-DX,-MD,f" -> "-DX -MD -MF f").  scan_args calls this
// itself.
std::vector<std::string> expand_wp_options(const std::vector<std::string>& argv);

// --- exposed for the table-consistency unit test --------------------------------

// What the scanner does with an option word (doc/client.md §3 table).
enum class ScanAction : std::uint8_t {
    allowed,             // no effect (-MD, -MMD, -MG, -MP, -MFfile, ...)
    allowed_skip_next,   // no effect, and the next word is the option's argument
                         // (local, missing_argument, when there is none)
    local,               // run locally for ScanRule::reason
    assembler_options,   // -Wa,...: local when it contains ",-a" or "--MD"
    language,            // -x...: local unless the next word names a C-family language
                         // (also local as the last word)
    seen_c,              // -c
    seen_S,              // -S
    output_next,         // -o FILE
    output_joined,       // -oFILE
};

struct ScanRule {
    ScanAction action;
    LocalReason reason;  // for ScanAction::local (and the conditional actions)
};

std::span<const OptionRule<ScanRule>> scan_option_table();

}  // namespace dcc::compiler
