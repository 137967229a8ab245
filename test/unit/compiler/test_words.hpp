// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers for the compiler-layer unit tests: build an argv from a space-separated
// string (test vectors have no spaces inside words), print one back, and scan a
// command that must be distributable.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "compiler/scan_args.hpp"

namespace dcc::compiler::test {

inline std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos) out.emplace_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& word : argv) {
        if (!out.empty()) out += ' ';
        out += word.empty() ? std::string("\"\"") : word;
    }
    return out;
}

// scan_args of `text`, failing the test unless the job is distributed.
inline ScanResult scan(std::string_view text) {
    auto result = scan_args(words(text));
    EXPECT_TRUE(result.ok() && result->distribute()) << text;
    return result.ok() ? *result : ScanResult{};
}

}  // namespace dcc::compiler::test
