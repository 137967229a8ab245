// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/source_kind: the extension table of doc/client.md §4.
#include "compiler/source_kind.hpp"

#include <gtest/gtest.h>

namespace dcc::compiler {
namespace {

TEST(SourceKind, ExtensionIsTextAfterTheLastDotOfTheWholeWord) {
    EXPECT_EQ(extension_of("hello.c"), "c");
    EXPECT_EQ(extension_of("hello.2.4.4.i"), "i");
    EXPECT_EQ(extension_of(".foo"), "foo");
    EXPECT_EQ(extension_of("dir.d/file"), "d/file");
    EXPECT_EQ(extension_of("gcc"), std::nullopt);
    EXPECT_EQ(extension_of("trailing."), std::nullopt);
    EXPECT_EQ(extension_of(""), std::nullopt);
}

TEST(SourceKind, SourcesAndTheirPreprocessedCounterparts) {
    struct Row {
        const char* word;
        bool source;
        bool preprocessed;
        const char* counterpart;  // nullptr: none
    };
    const Row rows[] = {
        {"a.c", true, false, ".i"},       {"a.i", true, true, ".i"},
        {"a.cc", true, false, ".ii"},     {"a.cpp", true, false, ".ii"},
        {"a.cxx", true, false, ".ii"},    {"a.cp", true, false, ".ii"},
        {"a.c++", true, false, ".ii"},    {"a.C", true, false, ".ii"},
        {"a.ii", true, true, ".ii"},      {"a.m", true, false, ".mi"},
        {"a.mi", true, true, ".mi"},      {"a.mm", true, false, ".mii"},
        {"a.M", true, false, ".mii"},     {"a.mii", true, true, ".mii"},
        {"a.s", false, false, ".s"},      {"a.S", false, false, ".s"},
        {"a.CPP", false, false, nullptr}, {"a.CC", false, false, nullptr},
        {"a.cu", false, false, nullptr},  {"a.h", false, false, nullptr},
        {"a.I", false, false, nullptr},   {"a.o", false, false, nullptr},
        {"a.Cc", false, false, nullptr},  {"gcc", false, false, nullptr},
        {"a.", false, false, nullptr},    {"hello.2.4.4.i", true, true, ".i"},
        {"src.c/x", false, false, nullptr},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.word);
        EXPECT_EQ(is_source(row.word), row.source);
        EXPECT_EQ(is_preprocessed(row.word), row.preprocessed);
        auto ext = preprocessed_extension(row.word);
        if (row.counterpart)
            EXPECT_EQ(ext, row.counterpart);
        else
            EXPECT_EQ(ext, std::nullopt);
    }
}

TEST(SourceKind, ObjectsEndInDotO) {
    EXPECT_TRUE(is_object("a.o"));
    EXPECT_TRUE(is_object("dir/x.y.o"));
    EXPECT_TRUE(is_object(".o"));
    EXPECT_FALSE(is_object("a.O"));
    EXPECT_FALSE(is_object("a.obj"));
    EXPECT_FALSE(is_object("o"));
}

}  // namespace
}  // namespace dcc::compiler
