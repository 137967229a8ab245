// SPDX-License-Identifier: GPL-2.0-or-later
// How plain mode preprocesses (doc/client.md §9.1): DISTCC_PREPROCESS picks full
// preprocessing (`-E`, upstream's way) or warning-faithful preprocessing, where the
// client only inlines the includes (gcc `-E -fdirectives-only`, clang `-E
// -frewrite-includes`) and macro expansion, with its diagnostics, happens in the
// server's compiler.  Pure functions of the setting, the compiler's name and the
// input; the argv changes they imply are in client_argv.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/argument_policy.hpp"

namespace dcc::compiler {

enum class PreprocessMode : std::uint8_t {
    automatic,  // faithful for a compiler known by name to be gcc or clang, else full
    faithful,   // faithful always; a compiler not named clang is taken to be gcc
    full,       // `-E`, as distcc 3.4
};

// "auto", "faithful", "full"; nullopt for anything else.
std::optional<PreprocessMode> parse_preprocess_mode(std::string_view text);

enum class PreprocessStyle : std::uint8_t {
    full,              // cpp -E; the server compiles the preprocessed text
    directives_only,   // gcc -E -fdirectives-only; server: -fpreprocessed -fdirectives-only
    rewrite_includes,  // clang -E -frewrite-includes; server: the rewritten source as cpp-output
};

// The style for one job.  Only C, C++ and Objective-C sources (preprocessed
// extension .i .ii .mi .mii; not inputs already preprocessed) are preprocessed
// faithfully: assembler-with-cpp (.S)
// gives .s, which the server would not preprocess again.  `family` is
// compiler_family() of the compiler (argument_policy.hpp); `either` or nullopt means
// the name does not tell.  `argv` with "-traditional-cpp" or "-traditional" (which
// gcc refuses with -fdirectives-only) gets full preprocessing.
PreprocessStyle choose_preprocess_style(PreprocessMode mode, std::optional<CompilerFamily> family,
                                        std::string_view input, std::span<const std::string> argv = {});

}  // namespace dcc::compiler
