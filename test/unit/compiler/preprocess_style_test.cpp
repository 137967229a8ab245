// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/preprocess_style: DISTCC_PREPROCESS values and the style each
// compiler family and input gets (doc/client.md §9.1).
#include "compiler/preprocess_style.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dcc::compiler {
namespace {

using enum PreprocessStyle;

TEST(PreprocessMode, ParsesTheThreeWords) {
    EXPECT_EQ(parse_preprocess_mode("auto"), PreprocessMode::automatic);
    EXPECT_EQ(parse_preprocess_mode("faithful"), PreprocessMode::faithful);
    EXPECT_EQ(parse_preprocess_mode("full"), PreprocessMode::full);
    EXPECT_EQ(parse_preprocess_mode("Full"), std::nullopt);
    EXPECT_EQ(parse_preprocess_mode(""), std::nullopt);
    EXPECT_EQ(parse_preprocess_mode("1"), std::nullopt);
}

PreprocessStyle style(PreprocessMode mode, std::string_view compiler, std::string_view input) {
    return choose_preprocess_style(mode, compiler_family(compiler), input);
}

TEST(PreprocessStyle, AutoFollowsTheCompilerName) {
    constexpr PreprocessMode a = PreprocessMode::automatic;
    EXPECT_EQ(style(a, "gcc", "a.c"), directives_only);
    EXPECT_EQ(style(a, "/usr/bin/x86_64-linux-gnu-g++-12", "a.cc"), directives_only);
    EXPECT_EQ(style(a, "clang-14", "a.c"), rewrite_includes);
    EXPECT_EQ(style(a, "x86_64-linux-gnu-clang++", "a.cpp"), rewrite_includes);
    EXPECT_EQ(style(a, "gcc", "a.m"), directives_only);
    // A name that does not tell (the client resolves cc/c++ first), or no family.
    EXPECT_EQ(style(a, "cc", "a.c"), full);
    EXPECT_EQ(style(a, "icc", "a.c"), full);
}

TEST(PreprocessStyle, FaithfulTakesAnUnknownCompilerForGcc) {
    EXPECT_EQ(style(PreprocessMode::faithful, "cc", "a.c"), directives_only);
    EXPECT_EQ(style(PreprocessMode::faithful, "clang", "a.c"), rewrite_includes);
}

TEST(PreprocessStyle, FullAndInputsThatCannotBeFaithful) {
    EXPECT_EQ(style(PreprocessMode::full, "gcc", "a.c"), full);
    EXPECT_EQ(style(PreprocessMode::full, "clang", "a.c"), full);
    // Assembler with cpp: the server would not preprocess the .s again.
    EXPECT_EQ(style(PreprocessMode::faithful, "gcc", "a.S"), full);
    // Already preprocessed: nothing runs on the client.
    EXPECT_EQ(style(PreprocessMode::faithful, "gcc", "a.i"), full);
    EXPECT_EQ(style(PreprocessMode::automatic, "clang", "a.ii"), full);
    // gcc refuses -fdirectives-only with traditional preprocessing.
    std::vector<std::string> argv = {"gcc", "-traditional-cpp", "-c", "a.c"};
    EXPECT_EQ(choose_preprocess_style(PreprocessMode::faithful, CompilerFamily::gcc, "a.c", argv), full);
    argv[1] = "-O2";
    EXPECT_EQ(choose_preprocess_style(PreprocessMode::faithful, CompilerFamily::gcc, "a.c", argv), directives_only);
}

}  // namespace
}  // namespace dcc::compiler
