// SPDX-License-Identifier: GPL-2.0-or-later
// The vocabulary of the argument allow-list (doc/security.md §2): what one table row
// says about an option -- how its value is given, what shape the value must have, and
// whether the option is accepted or refused and why -- and the tables themselves, one
// per compiler family and one per pass-through channel (-Xclang, -Wa, -Wp, -mllvm).
// The rows live in argument_tables_*.cpp; argument_policy.cpp applies them.  Nothing
// here decides anything about a command line.
#pragma once

#include <cstdint>
#include <span>

#include "compiler/option_table.hpp"

namespace dcc::compiler {

// Where an option's value is.
enum class ArgForm : std::uint8_t {
    none,                // a word of its own, no value (an exact row)
    joined,              // the rest of the word after the row's name (a prefix row)
    separate,            // the next word (an exact row)
    joined_or_separate,  // a prefix row: the next word when the word is exactly the name
};

// What the value must look like.
enum class ValueKind : std::uint8_t {
    none,
    name,               // letters, digits, "_+.-": an -f toggle's name, no '=' (no value hidden in it)
    token,              // letters, digits, "_+.,:=-", possibly empty: no '/', no space, nothing path-like
    text,               // anything: a macro definition, a make target, a prefix map
    read_path,          // a path the compiler only reads (include directories)
    job_path,           // a file the compiler writes: relative, no "..", so inside the job directory
    output,             // the -o word the daemon replaces with its own path
    language,           // -x: a C-family language (argument_policy.hpp)
    cc1_word,           // -Xclang/-Xanalyzer payload: checked against the cc1 table
    assembler_word,     // -Xassembler payload: checked against the assembler table
    preprocessor_word,  // -Xpreprocessor payload: checked against the preprocessor table
    llvm_word,          // -mllvm payload: checked against the LLVM table
    assembler_list,     // -Wa,a,b: each comma piece is an assembler word
    preprocessor_list,  // -Wp,a,b: each comma piece is a preprocessor word
};

// Accepted, or refused for a reason the refusal names.
enum class Verdict : std::uint8_t {
    accept,
    loads_code,    // a plugin or a shared object loaded into the compiler
    runs_program,  // chooses a program the compiler runs, or where it finds its programs
    writes_file,   // writes a file at a client-chosen place, or one the reply does not carry
    reads_file,    // reads a file named by the client as data the compile depends on (lists, profiles)
    link_only,     // passes arbitrary words to the linker, which never runs remotely
    offload,       // GPU/offload compilation: runs device tool chains
    not_compile,   // prints information instead of compiling, or another mode distcc does not serve
};

struct ArgumentRule {
    ArgForm form;
    ValueKind value;
    Verdict verdict;
};

using PolicyRule = OptionRule<ArgumentRule>;

// Shorthands for the table files.
namespace rows {
constexpr ArgumentRule flag{ArgForm::none, ValueKind::none, Verdict::accept};
constexpr ArgumentRule joined(ValueKind kind) { return {ArgForm::joined, kind, Verdict::accept}; }
constexpr ArgumentRule separate(ValueKind kind) { return {ArgForm::separate, kind, Verdict::accept}; }
constexpr ArgumentRule either(ValueKind kind) { return {ArgForm::joined_or_separate, kind, Verdict::accept}; }
constexpr ArgumentRule refuse(Verdict why) { return {ArgForm::none, ValueKind::none, why}; }
// A refused option whose value may be the next word, which the refusal then shows.
constexpr ArgumentRule refuse_valued(Verdict why) { return {ArgForm::joined_or_separate, ValueKind::none, why}; }
constexpr ArgumentRule plain = joined(ValueKind::token);
constexpr ArgumentRule any_text = joined(ValueKind::text);
}  // namespace rows

// The tables (argument_tables_*.cpp), each sorted as every OptionRule table.  A family
// is checked against its own table first, then the common one: on the same name the
// family row wins; otherwise the longest matching name (find_policy_rule).
std::span<const PolicyRule> common_driver_rules();  // gcc and clang alike
std::span<const PolicyRule> gcc_driver_rules();
std::span<const PolicyRule> clang_driver_rules();
std::span<const PolicyRule> cc1_rules();           // clang -Xclang / -Xanalyzer payloads
std::span<const PolicyRule> assembler_rules();     // -Wa, / -Xassembler payloads
std::span<const PolicyRule> preprocessor_rules();  // -Wp, / -Xpreprocessor payloads
std::span<const PolicyRule> llvm_rules();          // clang -mllvm payloads

// The row for `word` among `tables` (earlier tables first on equal names).
const PolicyRule* find_policy_rule(std::span<const std::span<const PolicyRule>> tables, std::string_view word);

}  // namespace dcc::compiler
