// SPDX-License-Identifier: GPL-2.0-or-later
// The pass-through tables of the argument allow-list (doc/security.md §2): what a
// payload handed to a compiler's inner tool may be -- clang's cc1 (-Xclang,
// -Xanalyzer), the assembler (-Wa, -Xassembler), the preprocessor (-Wp,
// -Xpreprocessor) and LLVM's option parser (-mllvm).  The inner tools read options the
// driver never checks (cc1's -load, the assembler's --MD, the preprocessor's -MD FILE,
// and GNU as accepts any unambiguous abbreviation of a long option), so these tables
// are exact about spellings and accept only what real builds pass.  The cc1 table is
// consulted together with the common driver table, whose options cc1 reads the same.
#include "compiler/argument_rules.hpp"

namespace dcc::compiler {
namespace {

using enum ValueKind;
using enum Verdict;
using rows::either;
using rows::flag;
using rows::joined;
using rows::refuse;
using rows::refuse_valued;
using rows::separate;
using rows::any_text;
using rows::plain;
constexpr Match exact = Match::exact;
constexpr Match prefix = Match::prefix;

constexpr PolicyRule k_cc1[] = {
    // rows:begin
    {"-add-plugin", prefix, refuse_valued(loads_code)},
    {"-analyzer-checker", exact, separate(token)},
    {"-analyzer-checker=", prefix, plain},
    {"-analyzer-config", exact, separate(token)},
    {"-analyzer-disable-all-checks", exact, flag},
    {"-analyzer-disable-checker", exact, separate(token)},
    {"-analyzer-disable-checker=", prefix, plain},
    {"-analyzer-display-progress", exact, flag},
    {"-analyzer-max-loop", exact, separate(token)},
    {"-analyzer-opt-analyze-headers", exact, flag},
    {"-analyzer-output", exact, separate(token)},
    {"-analyzer-output=", prefix, plain},
    {"-ast-", prefix, refuse(not_compile)},
    {"-coverage-", prefix, refuse(writes_file)},
    {"-debug-info-kind=", prefix, plain},
    {"-dependency-file", prefix, refuse_valued(writes_file)},
    {"-disable-O0-optnone", exact, flag},
    {"-disable-llvm-optzns", exact, flag},
    {"-disable-llvm-passes", exact, flag},
    {"-dwarf-version=", prefix, plain},
    {"-emit-llvm", exact, flag},
    {"-fdebug-compilation-dir", exact, separate(text)},
    {"-header-include-file", prefix, refuse_valued(writes_file)},
    {"-load", prefix, refuse_valued(loads_code)},
    {"-main-file-name", exact, separate(text)},
    {"-mlink-", prefix, refuse(reads_file)},
    {"-mllvm", exact, separate(llvm_word)},
    {"-module-", prefix, refuse_valued(writes_file)},
    {"-opt-record-", prefix, refuse_valued(writes_file)},
    {"-plugin", prefix, refuse_valued(loads_code)},
    {"-split-dwarf-", prefix, refuse_valued(writes_file)},
    {"-stats-file", prefix, refuse_valued(writes_file)},
    {"-target-cpu", exact, separate(token)},
    {"-target-feature", exact, separate(token)},
    {"-triple", exact, separate(token)},
    {"-vectorize-loops", exact, flag},
    {"-vectorize-slp", exact, flag},
    // rows:end
};

constexpr PolicyRule k_assembler[] = {
    // rows:begin
    {"--32", exact, flag},
    {"--64", exact, flag},
    {"--MD", prefix, refuse_valued(writes_file)},
    {"--compress-debug-sections", exact, flag},
    {"--compress-debug-sections=", prefix, plain},
    {"--debug-prefix-map=", prefix, any_text},
    {"--elf-stt-common=", prefix, plain},
    {"--execstack", exact, flag},
    {"--fatal-warnings", exact, flag},
    {"--gdwarf-2", exact, flag},
    {"--gdwarf-3", exact, flag},
    {"--gdwarf-4", exact, flag},
    {"--gdwarf-5", exact, flag},
    {"--gdwarf-sections", exact, flag},
    {"--gen-debug", exact, flag},
    {"--generate-missing-build-notes=", prefix, plain},
    {"--keep-locals", exact, flag},
    {"--no-pad-sections", exact, flag},
    {"--no-warn", exact, flag},
    {"--nocompress-debug-sections", exact, flag},
    {"--noexecstack", exact, flag},
    {"--reduce-memory-overheads", exact, flag},
    {"--sectname-subst", exact, flag},
    {"--size-check=", prefix, plain},
    {"--strip-local-absolute", exact, flag},
    {"--warn", exact, flag},
    {"--x32", exact, flag},
    {"-EB", exact, flag},
    {"-EL", exact, flag},
    {"-I", prefix, either(read_path)},
    {"-L", exact, flag},
    {"-MD", prefix, refuse_valued(writes_file)},
    {"-W", exact, flag},
    {"-a", prefix, refuse(writes_file)},
    {"-g", exact, flag},
    {"-gdwarf-2", exact, flag},
    {"-gdwarf-3", exact, flag},
    {"-gdwarf-4", exact, flag},
    {"-gdwarf-5", exact, flag},
    {"-m", prefix, plain},
    {"-o", prefix, refuse_valued(writes_file)},
    // rows:end
};

// The preprocessor (cc1 in gcc) reads "-MD FILE" and "-MMD FILE" with a file.
constexpr PolicyRule k_preprocessor[] = {
    // rows:begin
    {"-C", exact, flag},
    {"-CC", exact, flag},
    {"-D", prefix, either(text)},
    {"-H", exact, flag},
    {"-I", prefix, either(read_path)},
    {"-MD", exact, separate(job_path)},
    {"-MF", prefix, either(job_path)},
    {"-MG", exact, flag},
    {"-MMD", exact, separate(job_path)},
    {"-MP", exact, flag},
    {"-MQ", prefix, either(text)},
    {"-MT", prefix, either(text)},
    {"-P", exact, flag},
    {"-U", prefix, either(text)},
    {"-W", prefix, plain},
    {"-dD", exact, flag},
    {"-dI", exact, flag},
    {"-dM", exact, flag},
    {"-dN", exact, flag},
    {"-dU", exact, flag},
    {"-idirafter", prefix, either(read_path)},
    {"-imacros", prefix, either(read_path)},
    {"-include", prefix, either(read_path)},
    {"-iprefix", prefix, either(read_path)},
    {"-iquote", prefix, either(read_path)},
    {"-isysroot", prefix, either(read_path)},
    {"-isystem", prefix, either(read_path)},
    {"-iwithprefix", prefix, either(read_path)},
    {"-iwithprefixbefore", prefix, either(read_path)},
    {"-nostdinc", exact, flag},
    {"-nostdinc++", exact, flag},
    {"-std=", prefix, plain},
    {"-trigraphs", exact, flag},
    {"-undef", exact, flag},
    // rows:end
};

// LLVM's tuning options used in real builds (sanitizer instrumentation, inlining and
// vectoriser thresholds, assembly syntax); every value is a plain token.
constexpr PolicyRule k_llvm[] = {
    // rows:begin
    {"-align-all-blocks=", prefix, plain},
    {"-align-all-functions=", prefix, plain},
    {"-align-all-nofallthru-blocks=", prefix, plain},
    {"-asan-", prefix, plain},
    {"-enable-loop-distribute", exact, flag},
    {"-enable-machine-outliner", prefix, plain},
    {"-force-vector-interleave=", prefix, plain},
    {"-force-vector-width=", prefix, plain},
    {"-hwasan-", prefix, plain},
    {"-import-instr-limit=", prefix, plain},
    {"-inline-threshold=", prefix, plain},
    {"-msan-", prefix, plain},
    {"-opt-bisect-limit=", prefix, plain},
    {"-polly", prefix, plain},
    {"-sanitizer-coverage-", prefix, plain},
    {"-treat-scalable-fixed-error-as-warning", prefix, plain},
    {"-tsan-", prefix, plain},
    {"-unroll-count=", prefix, plain},
    {"-unroll-threshold=", prefix, plain},
    {"-vectorize-loops", exact, flag},
    {"-vectorize-slp", exact, flag},
    {"-x86-asm-syntax=", prefix, plain},
    // rows:end
};

static_assert(is_well_formed<ArgumentRule>(k_cc1), "cc1 rows must be sorted");
static_assert(is_well_formed<ArgumentRule>(k_assembler), "assembler rows must be sorted");
static_assert(is_well_formed<ArgumentRule>(k_preprocessor), "preprocessor rows must be sorted");
static_assert(is_well_formed<ArgumentRule>(k_llvm), "LLVM rows must be sorted");

}  // namespace

std::span<const PolicyRule> cc1_rules() { return k_cc1; }
std::span<const PolicyRule> assembler_rules() { return k_assembler; }
std::span<const PolicyRule> preprocessor_rules() { return k_preprocessor; }
std::span<const PolicyRule> llvm_rules() { return k_llvm; }

}  // namespace dcc::compiler
