// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of preprocess_style.hpp.
#include "compiler/preprocess_style.hpp"

#include "compiler/source_kind.hpp"

namespace dcc::compiler {

std::optional<PreprocessMode> parse_preprocess_mode(std::string_view text) {
    if (text == "auto") return PreprocessMode::automatic;
    if (text == "faithful") return PreprocessMode::faithful;
    if (text == "full") return PreprocessMode::full;
    return std::nullopt;
}

PreprocessStyle choose_preprocess_style(PreprocessMode mode, std::optional<CompilerFamily> family,
                                        std::string_view input, std::span<const std::string> argv) {
    std::optional<std::string_view> extension = preprocessed_extension(input);
    if (mode == PreprocessMode::full || is_preprocessed(input) || !extension || *extension == ".s")
        return PreprocessStyle::full;
    for (const std::string& word : argv)
        if (word == "-traditional-cpp" || word == "-traditional") return PreprocessStyle::full;
    if (family == CompilerFamily::clang) return PreprocessStyle::rewrite_includes;
    if (family == CompilerFamily::gcc) return PreprocessStyle::directives_only;
    return mode == PreprocessMode::faithful ? PreprocessStyle::directives_only : PreprocessStyle::full;
}

}  // namespace dcc::compiler
