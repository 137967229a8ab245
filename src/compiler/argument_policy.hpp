// SPDX-License-Identifier: GPL-2.0-or-later
// The argument allow-list (doc/security.md §2): may this command line run on a
// server?  A pure function over a whole argv, answering "accept" or the first word
// it refuses and why.  Every word after the compiler must be the input, the output,
// or an option with a row in the compiler family's table (argument_rules.hpp) whose
// value has the row's shape; payloads for inner tools (-Xclang, -Xanalyzer,
// -Xassembler, -Xpreprocessor, -Wa, -Wp, -mllvm) are checked against those tools'
// tables.  distccd runs it before any compiler starts; the client runs it before it
// sends a job, so that it can say why a job stays local.  It decides nothing about
// compilers themselves (admission.hpp: the whitelist) and opens no file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::compiler {

// Which table a compiler is checked against.  `either` is a generic name (cc, c++)
// that may be gcc or clang on the server, or a compiler of no known family that the
// administrator whitelisted: both tables must accept every word.
enum class CompilerFamily : std::uint8_t { gcc, clang, either };

// The family of argv[0]: its basename, without a trailing version ("-12", "-14.0")
// and a leading target triple ("x86_64-linux-gnu-"), must be gcc, g++, clang,
// clang++, cc or c++.  nullopt for anything else.
std::optional<CompilerFamily> compiler_family(std::string_view argv0);

// The -x values compiled remotely: C, C++, Objective-C and Objective-C++, their
// headers and their preprocessed forms, and "none".  Assembler (with or without cpp)
// is not: distcc sends preprocessed C-family code, and the assembler's own options
// would need a table of their own.  CUDA, HIP, OpenCL and the rest are not C-family.
bool is_remote_language(std::string_view language);

// Why a word is refused.
enum class RefusalKind : std::uint8_t {
    loads_code,        // a plugin or shared object loaded into the compiler
    runs_program,      // a program, or where programs are found, chosen by the client
    writes_file,       // a file at a client-chosen place or one the reply does not carry
    reads_file,        // a data file (list, profile) named by the client
    link_only,         // linker pass-through: no link runs remotely
    offload,           // a GPU/offload compile
    not_compile,       // prints information or preprocesses only
    path_outside_job,  // an output path that is absolute or climbs with ".."
    language,          // -x of a language distcc does not compile remotely
    bad_value,         // a value that is not of the row's shape (say, a path in a token)
    missing_value,     // an option without its value at the end of the command
    unknown_option,    // no row in the family's table
    operand,           // a word that is neither an option, the input nor the output
    response_file,     // @file: expanded by the client, never read on the server
};

struct ArgumentRefusal {
    RefusalKind kind;
    std::string argument;  // the word(s) refused, as received ("-Xclang -load")
    std::string reason;    // one sentence for the log and the client's warning
};

// A short stable name for logs and tests: "plugin", "program", "output_path", ...
const char* refusal_rule(RefusalKind kind);

// Check `argv` (argv[0] = the compiler, as the daemon would run it) for `family`.
// The argv is scanned (scan_args) to find its input and output words; a command the
// scanner would not distribute is refused as not_compile.
std::optional<ArgumentRefusal> check_arguments(const std::vector<std::string>& argv, CompilerFamily family);

// The same with the family of argv[0] (`either` when it has none).
std::optional<ArgumentRefusal> check_arguments(const std::vector<std::string>& argv);

}  // namespace dcc::compiler
