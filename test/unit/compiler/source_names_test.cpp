// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/source_names (doc/protocol.md §16.7): the names of line markers,
// their bounds, and where a clang coverage job's placeholders go.
#include "compiler/source_names.hpp"

#include <gtest/gtest.h>

namespace dcc::compiler {
namespace {

std::string all(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : "|") + n;
    return out;
}

TEST(SourceNames, MarkersOfBothPreprocessors) {
    std::string text =
        "# 1 \"t.c\"\n"
        "#if 0 /* expanded by -frewrite-includes */\n#include \"inc/h.h\"\n#endif\n"
        "# 1 \"./inc/h.h\" 1\nstatic int x;\n"
        "# 2 \"t.c\" 2\n"
        "# 1 \"<built-in>\" 3\n# 1 \"<command line>\" 1\n"
        "  #  line 7 \"gen/p.y\"\n"
        "#line 9\n"  // no name
        "# 3 \"/usr/include/stdio.h\" 3 4\n"
        "#pragma once\n# define X \"no.h\"\n#include \"not-a-marker.h\"\n"
        "#12 \"a\\\\b\\\"c\\101\"\n"  // escapes: a\b"cA
        "# 4 \"unterminated\n"
        "# 5 \"t.c\"";  // repeated, no final newline
    auto names = line_marker_names(text);
    ASSERT_TRUE(names) << names.error().message;
    EXPECT_EQ(all(*names), "t.c|./inc/h.h|<built-in>|<command line>|gen/p.y|/usr/include/stdio.h|a\\b\"cA");
}

TEST(SourceNames, NulNamesAreSkipped) {
    auto names = line_marker_names("# 1 \"a\\000b\"\n# 2 \"ok\"\n");
    ASSERT_TRUE(names);
    EXPECT_EQ(all(*names), "ok");
}

TEST(SourceNames, Bounds) {
    SourceNameLimits limits{2, 8};
    EXPECT_TRUE(line_marker_names("# 1 \"a\"\n# 1 \"b\"\n# 1 \"a\"\n", limits));
    EXPECT_FALSE(line_marker_names("# 1 \"a\"\n# 1 \"b\"\n# 1 \"c\"\n", limits));
    EXPECT_TRUE(line_marker_names("# 1 \"12345678\"\n", limits));
    EXPECT_FALSE(line_marker_names("# 1 \"123456789\"\n", limits));
}

TEST(SourceNames, WhichNamesNeedPlaceholders) {
    for (const char* name : {"t.c", "./inc/h.h", "../x.h", "a<b>"}) EXPECT_TRUE(needs_placeholder(name)) << name;
    for (const char* name : {"", "/usr/include/stdio.h", "<built-in>", "<command line>", "<stdin>"})
        EXPECT_FALSE(needs_placeholder(name)) << name;
}

TEST(SourceNames, Climb) {
    EXPECT_EQ(climb_of("t.c"), 0u);
    EXPECT_EQ(climb_of("./a/b.h"), 0u);
    EXPECT_EQ(climb_of("../a.h"), 1u);
    EXPECT_EQ(climb_of("../../x/../y/a.h"), 2u);
    EXPECT_EQ(climb_of("a/../../b.h"), 1u);
    EXPECT_EQ(climb_of("a/b/../.."), 0u);
    EXPECT_EQ(nested_cwd(0), "");
    EXPECT_EQ(nested_cwd(3), "d1/d2/d3");
}

std::string placed(std::string_view name, std::size_t depth) {
    auto p = place_in_job(name, depth);
    if (!p) return "none";
    std::string out;
    for (const std::string& d : p->directories) out += d + " ";
    return out + "-> " + p->file;
}

TEST(SourceNames, Placement) {
    EXPECT_EQ(placed("t.c", 0), "-> t.c");
    EXPECT_EQ(placed("./inc//h.h", 0), "inc -> inc/h.h");
    EXPECT_EQ(placed("t.c", 2), "-> d1/d2/t.c");
    EXPECT_EQ(placed("../inc/h.h", 1), "inc -> inc/h.h");
    EXPECT_EQ(placed("../inc/h.h", 2), "d1/inc -> d1/inc/h.h");
    // Every directory walked through exists, so "a/../x" resolves as on the client.
    EXPECT_EQ(placed("a/../x.h", 0), "a -> x.h");
    // Never above the job directory, never a directory itself.
    EXPECT_EQ(placed("../x.h", 0), "none");
    EXPECT_EQ(placed("../../x.h", 1), "none");
    EXPECT_EQ(placed("a/..", 0), "none");
    EXPECT_EQ(placed("a/", 0), "none");
    EXPECT_EQ(placed(".", 0), "none");
}

}  // namespace
}  // namespace dcc::compiler
