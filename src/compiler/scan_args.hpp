// SPDX-License-Identifier: GPL-2.0-or-later
// The argument scanner: decides from a compiler command line alone whether a job can
// be distributed, and finds its input and output (client.md section 3).  A pure
// function: no file is opened, no variable read.  The client runs it to decide, and
// the daemon runs the same function on the argv it receives and refuses what the
// client would not have sent (upstream dcc_scan_args).
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

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
    two_outputs,           // more than one .o word ("called for link?")
    conftest,              // autoconf probe (conftest.*, tmp.conftest.*)
    output_to_stdout,      // -o -
    short_basename,        // derived output name would be too short
    trailing_output_flag,  // -o as the last word
    specs_file,            // -specs= (local in Debian 3.4)
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
};

// Scan argv (argv[0] = compiler).  Errors (ExitCode::bad_arguments) only for
// commands that cannot be run at all, e.g. argv[0] starting with '-' ("unrecognized
// distcc option").
Result<ScanResult> scan_args(const std::vector<std::string>& argv);

// Expand `-Wp,a,b` words in place; `-Wp,-MD,FILE` / `-Wp,-MMD,FILE` become
// `-MD -MF FILE` / `-MMD -MF FILE` (client.md section 3).
std::vector<std::string> expand_wp_options(const std::vector<std::string>& argv);

}  // namespace dcc::compiler
