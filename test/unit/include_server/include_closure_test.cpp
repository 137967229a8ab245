// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the memoised include graph (include_server/include_closure.cpp) on real
// scratch trees: closure order and contents, system headers, cycles, #include_next,
// computed includes, support invalidation and our same-request rebuild, absolute
// includes, and memoisation across requests.
#include "include_server/include_closure.hpp"

#include <gtest/gtest.h>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;
using Strings = std::vector<std::string>;

namespace {

class GraphTest : public ::testing::Test {
protected:
    GraphTest()
        : root(tree.mkdir("root")), caches(fs), mirror(caches, system_dirs, root),
          graph(std::make_unique<IncludeGraph>(caches, macros, mirror, system_dirs, GraphSettings{}, hooks())) {}

    GraphHooks hooks() {
        return GraphHooks{[this](const std::string& w) { warnings.push_back(w); }, nullptr};
    }
    void use_settings(GraphSettings settings) {
        graph = std::make_unique<IncludeGraph>(caches, macros, mirror, system_dirs, settings, hooks());
    }
    GraphQuery query(Strings quote, Strings angle) {
        GraphQuery q;
        q.cwd = caches.directory(tree.path("src"));
        for (const std::string& d : quote) q.quote_dirs.push_back(caches.directory(d));
        for (const std::string& d : angle) q.angle_dirs.push_back(caches.directory(d));
        return q;
    }
    Resolution unit(const GraphQuery& q, const std::string& name) {
        auto id = caches.includepath(name, AbsolutePaths::accept);
        auto found = caches.resolve(*id, q.cwd, caches.directory(""), {});
        EXPECT_TRUE(found.ok() && *found) << name;
        return *found;
    }
    Result<std::vector<ClosureFile>> closure_of(const GraphQuery& q, const std::string& name) {
        return graph->closure(q, {unit(q, name)});
    }
    // Realpaths relative to the tree, with "@" appended for files with an absolute spelling.
    Strings files(const GraphQuery& q, const std::string& name) {
        auto closure = closure_of(q, name);
        EXPECT_TRUE(closure.ok()) << (closure.ok() ? "" : closure.error().message);
        Strings out;
        if (!closure.ok()) return out;
        for (const ClosureFile& f : *closure) {
            std::string real(caches.realpaths().text(f.realpath));
            out.push_back(real.substr(tree.root().size() + 1) + (f.absolute_pair ? "@" : ""));
        }
        return out;
    }

    TestTree tree;
    std::string root;
    PosixFileSystem fs;
    Caches caches;
    MacroTable macros;
    SystemDirs system_dirs;
    PathMirror mirror;
    std::unique_ptr<IncludeGraph> graph;
    Strings warnings;
};

}  // namespace

TEST_F(GraphTest, ChainInUpstreamDiscoveryOrder) {
    tree.write("src/main.c", "#include \"a.h\"\n#include \"b.h\"\n");
    tree.write("src/a.h", "#include \"c.h\"\n");
    tree.write("src/b.h", "");
    tree.write("src/c.h", "");
    // A stack: the last child is visited first.
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c", "src/b.h", "src/a.h", "src/c.h"}));
}

TEST_F(GraphTest, UnresolvableIncludesAreIgnored) {
    tree.write("src/main.c", "#if 0\n#include \"nowhere.h\"\n#endif\n");
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c"}));
}

TEST_F(GraphTest, SystemHeadersAreLeftOutButTraversed) {
    tree.write("src/main.c", "#include <sys.h>\n");
    tree.write("sys/sys.h", "#include <user.h>\n");
    tree.write("inc/user.h", "");
    system_dirs.add(tree.path("sys"));
    Strings angle{tree.path("sys"), tree.path("inc")};
    EXPECT_EQ(files(query(angle, angle), "main.c"), (Strings{"src/main.c", "inc/user.h@"}));
}

TEST_F(GraphTest, SystemPrefixIsAPlainStringPrefix) {
    tree.write("src/main.c", "#include <x.h>\n");
    tree.write("sys2/x.h", "");
    system_dirs.add(tree.path("sys"));
    Strings angle{tree.path("sys2")};
    EXPECT_EQ(files(query(angle, angle), "main.c"), (Strings{"src/main.c"}));
}

TEST_F(GraphTest, CyclesThroughDotDotTerminate) {
    tree.write("src/main.c", "#include \"D/mem.h\"\n");
    tree.write("src/D/mem.h", "#include \"../D/mem.h\"\n#include \"mem2.h\"\n");
    tree.write("src/D/mem2.h", "#include \"mem.h\"\n");
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c", "src/D/mem.h", "src/D/mem2.h"}));
}

TEST_F(GraphTest, QuoteIncludesSearchTheIncludingFilesDirectoryFirst) {
    tree.write("src/main.c", "#include \"sub/a.h\"\n");
    tree.write("src/sub/a.h", "#include \"b.h\"\n");
    tree.write("src/sub/b.h", "");
    tree.write("src/b.h", "");
    EXPECT_EQ(files(query({""}, {""}), "main.c"), (Strings{"src/main.c", "src/sub/a.h", "src/sub/b.h"}));
}

TEST_F(GraphTest, IncludeNextTakesEveryQuoteDirectory) {
    tree.write("src/main.c", "#include <wrap.h>\n");
    tree.write("one/wrap.h", "#include_next <wrap.h>\n");
    tree.write("two/wrap.h", "");
    tree.write("three/other.h", "");
    Strings dirs{"../one", "../two", "../three"};
    EXPECT_EQ(files(query(dirs, dirs), "main.c"), (Strings{"src/main.c", "one/wrap.h", "two/wrap.h"}));
}

TEST_F(GraphTest, TwoSpellingsOneFile) {
    tree.write("inc/x.h", "");
    tree.symlink("../inc", "src/alias");
    tree.write("src/main.c", "#include \"alias/x.h\"\n#include <x.h>\n");
    Strings angle{tree.path("inc")};
    // Same realpath in the same real directory: the angle include reuses the quote
    // include's node, relative spelling and all (upstream does the same).
    EXPECT_EQ(files(query(angle, angle), "main.c"), (Strings{"src/main.c", "inc/x.h"}));
}

TEST_F(GraphTest, ComputedIncludeThroughAMacroChain) {
    tree.write("src/main.c", "#include \"config.h\"\n#include CONFIG_HEADER\n");
    tree.write("src/config.h", "#define CONFIG_HEADER PLATFORM_H\n#define PLATFORM_H <plat/linux.h>\n");
    tree.write("inc/plat/linux.h", "");
    Strings angle{"../inc"};
    EXPECT_EQ(files(query(angle, angle), "main.c"), (Strings{"src/main.c", "inc/plat/linux.h", "src/config.h"}));
}

TEST_F(GraphTest, MacroDefinedLaterInTheSameRequestIsHonoured) {
    // Upstream resolves the quote include (which uses the macro) before it scans the
    // angle include that defines it, and misses the file for the first unit.
    tree.write("src/main.c", "#include <defs.h>\n#include \"use.h\"\n");
    tree.write("src/use.h", "#include WANTED\n");
    tree.write("inc/defs.h", "#define WANTED \"wanted.h\"\n");
    tree.write("src/wanted.h", "");
    Strings angle{"../inc"};
    Strings got = files(query(angle, angle), "main.c");
    EXPECT_NE(std::find(got.begin(), got.end(), "src/wanted.h"), got.end());
    EXPECT_GE(graph->counters().rebuild_rounds, 1u);
}

TEST_F(GraphTest, NewCommandLineDefinitionInvalidatesTheNode) {
    tree.write("src/main.c", "#include CHOICE\n");
    tree.write("src/one.h", "");
    tree.write("src/two.h", "");
    ASSERT_TRUE(graph->define("CHOICE", std::string_view("\"one.h\"")).ok());
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c", "src/one.h"}));
    ASSERT_TRUE(graph->define("CHOICE", std::string_view("\"two.h\"")).ok());
    Strings both = files(query({}, {}), "main.c");
    EXPECT_EQ(both.size(), 3u);
    EXPECT_NE(std::find(both.begin(), both.end(), "src/two.h"), both.end());
}

TEST_F(GraphTest, AbsoluteIncludeIsNotCovered) {
    tree.write("src/main.c", "#include \"/etc/hostname\"\n");
    auto closure = closure_of(query({}, {}), "main.c");
    ASSERT_FALSE(closure.ok());
    EXPECT_EQ(closure.error().message,
              "File: '" + tree.path("src/main.c") +
                  "': Filepath must be relative but isn't: '/etc/hostname'. Consider setting "
                  "INCLUDE_SERVER_ARGS='--unsafe_absolute_includes'.");
}

TEST_F(GraphTest, AbsoluteIncludeIgnoredWithWarning) {
    use_settings(GraphSettings{AbsolutePaths::ignore_with_warning, true});
    tree.write("src/main.c", "#include \"/etc/hostname\"\n");
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c"}));
    EXPECT_EQ(warnings, (Strings{"absolute filepath '/etc/hostname' was IGNORED (correctness of build may be affected)"}));
}

TEST_F(GraphTest, UnreadableFileIsNotCovered) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
    tree.write("src/main.c", "#include \"secret.h\"\n");
    std::string secret = tree.write("src/secret.h", "");
    ASSERT_EQ(chmod(secret.c_str(), 0), 0);
    auto closure = closure_of(query({}, {}), "main.c");
    ASSERT_FALSE(closure.ok());
    EXPECT_EQ(closure.error().message, "Parse file: '" + secret + "': [Errno 13] Permission denied: '" + secret + "'");
}

TEST_F(GraphTest, DanglingLinkIsNotFound) {
    tree.write("src/main.c", "#include \"gone.h\"\n");
    tree.symlink(tree.path("src/missing-target"), "src/gone.h");
    // A dangling link is not a regular file: simply not found.
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c"}));
}

TEST_F(GraphTest, MemoisedAcrossRequests) {
    tree.write("src/main.c", "#include \"a.h\"\n");
    tree.write("src/other.c", "#include \"a.h\"\n");
    tree.write("src/a.h", "#include \"b.h\"\n");
    tree.write("src/b.h", "");
    files(query({}, {}), "main.c");
    uint64_t parsed = graph->counters().files_parsed;
    EXPECT_EQ(files(query({}, {}), "other.c"), (Strings{"src/other.c", "src/a.h", "src/b.h"}));
    EXPECT_EQ(graph->counters().files_parsed, parsed + 1);  // only other.c is new
}

TEST_F(GraphTest, CyclesInQuotesAreMirroredWithMustExistDirectories) {
    tree.write("src/main.c", "#include \"../empty/../inc/x.h\"\n");
    tree.write("inc/x.h", "");
    tree.mkdir("empty");
    EXPECT_EQ(files(query({}, {}), "main.c"), (Strings{"src/main.c", "inc/x.h"}));
    const Strings& dirs = mirror.must_exist_dirs();
    EXPECT_NE(std::find(dirs.begin(), dirs.end(), root + tree.path("empty")), dirs.end());
}

TEST_F(GraphTest, QuotaCheckStopsTheAnalysis) {
    std::string text;
    for (int i = 0; i < 600; ++i) text += "#include \"h" + std::to_string(i) + ".h\"\n";
    tree.write("src/main.c", text);
    graph = std::make_unique<IncludeGraph>(caches, macros, mirror, system_dirs, GraphSettings{},
                                           GraphHooks{nullptr, [] { return Status(make_error(ExitCode::timeout, "q")); }});
    auto closure = closure_of(query({}, {}), "main.c");
    ASSERT_FALSE(closure.ok());
    EXPECT_EQ(closure.error().message, "q");
}
