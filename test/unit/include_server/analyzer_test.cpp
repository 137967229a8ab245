// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for one request from command to reply (include_server/analyzer.cpp): the
// reply's four sections in order, placeholders on disk, and every "not covered"
// reason of doc/include-server.md with its warning text and an empty reply, plus the
// generation reset, fatal errors, --verify and --write_include_closure.
#include "include_server/analyzer.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;
using tree_support::TestTree;
using Strings = std::vector<std::string>;

namespace {

class FakeRunner : public CompilerRunner {
public:
    Result<ProbeOutput> run(const Strings&, const std::string&, const Strings&) override {
        return ProbeOutput{0, "#include <...> search starts here:\n " + system_dir + "\nEnd of search list.\n"};
    }
    std::string system_dir;
};

// The POSIX file system, with one path whose realpath loops.
class LoopingFileSystem : public PosixFileSystem {
public:
    Canonical realpath(const std::string& path) override {
        if (path == looping) return Canonical{std::string(), ELOOP};
        return PosixFileSystem::realpath(path);
    }
    std::string looping;
};

class AnalyzerTest : public ::testing::Test {
protected:
    AnalyzerTest() : roots(roots_tree.root()) {
        runner.system_dir = tree.mkdir("sys");
        tree.write("sys/stdio.h", "");
        if (pipe2(err, O_NONBLOCK) != 0) err[0] = err[1] = -1;
        settings.tmpdir = tree.root();
        settings.path_variable = "/usr/bin:/bin";
        make();
    }
    ~AnalyzerTest() override {
        close(err[0]);
        close(err[1]);
    }
    void make(CompilerRunner* other_runner = nullptr) {
        analyzer.reset();
        reporter = std::make_unique<Reporter>(ReportSettings{1, false, 3, "", ""}, nullptr, err[1]);
        analyzer = std::make_unique<Analyzer>(settings, fs, other_runner ? *other_runner : runner, roots, *reporter);
        ASSERT_TRUE(analyzer->start().ok());
    }
    // A request as a server worker answers it: the analysis, then the copies.
    Answer ask(Strings argv, const std::string& cwd = "") {
        Answer answer = analyzer->handle(cwd.empty() ? tree.path("p") : cwd, argv);
        analyzer->write_copies(answer);
        return answer;
    }
    std::string warnings() {
        std::string out;
        char buffer[4096];
        ssize_t n;
        while ((n = read(err[0], buffer, sizeof buffer)) > 0) out.append(buffer, std::size_t(n));
        return out;
    }
    // The answer is "not covered" and the warning names `reason` for `unit`.
    void expect_not_covered(const Answer& answer, const std::string& reason, const std::string& unit) {
        EXPECT_TRUE(answer.paths.empty());
        EXPECT_FALSE(answer.terminate);
        EXPECT_EQ(warnings(), "WARNING include server: Preprocessing locally. Include server not covering: " +
                                  reason + " for translation unit '" + unit + "' \n");
    }
    TestTree tree;
    TestTree roots_tree;  // client roots live apart from the sources
    LoopingFileSystem fs;
    ProcessCompilerRunner real_compiler;
    FakeRunner runner;
    ClientRoots roots;
    AnalyzerSettings settings;
    int err[2];
    std::unique_ptr<Reporter> reporter;
    std::unique_ptr<Analyzer> analyzer;
};

}  // namespace

TEST_F(AnalyzerTest, ReplyListsFilesSystemLinksMirroredLinksAndPlaceholders) {
    tree.write("p/src/main.c", "#include \"foo.h\"\n#include <stdio.h>\n");
    tree.write("p/inc/foo.h", "#include \"bar.h\"\n");
    tree.write("p/inc/bar.h", "");
    tree.symlink("inc", "p/linkinc");
    Answer a = ask({"gcc", "-I" + tree.path("p/linkinc"), "-c", "src/main.c", "-o", "main.o"});
    ASSERT_EQ(a.paths.size(), 7u) << warnings();
    std::string r = a.paths[0].substr(0, a.paths[0].find(tree.root()));
    EXPECT_EQ(a.paths[0], r + tree.path("p/src/main.c") + ".lzo");
    EXPECT_EQ(a.paths[1], r + tree.path("p/inc/foo.h") + ".lzo.abs");
    EXPECT_EQ(a.paths[2], r + tree.path("p/inc/bar.h") + ".lzo.abs");
    EXPECT_EQ(a.paths[3], r + tree.path("sys"));
    EXPECT_EQ(a.paths[4], r + tree.path("p/linkinc"));
    EXPECT_EQ(a.paths[5], r + tree.path("p/src") + "/forcing_technique_271828");
    EXPECT_EQ(a.paths[6], r + tree.path("p/inc") + "/forcing_technique_271828");
    struct stat st;
    ASSERT_EQ(lstat(a.paths[5].c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_EQ(st.st_size, 0);
    ASSERT_EQ(lstat(a.paths[3].c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    // The root has three components.
    EXPECT_EQ(std::count(r.begin(), r.end(), '/'), 3);
    EXPECT_EQ(warnings(), "");
}

TEST_F(AnalyzerTest, LinksAndPlaceholdersAccumulateAcrossRequests) {
    tree.write("p/a/one.c", "");
    tree.write("p/b/two.c", "");
    Answer first = ask({"gcc", "-c", "a/one.c"});
    Answer second = ask({"gcc", "-c", "b/two.c"});
    EXPECT_EQ(first.paths.size(), 3u);   // file, system link, placeholder for a
    EXPECT_EQ(second.paths.size(), 4u);  // file, system link, placeholders for a and b
}

TEST_F(AnalyzerTest, NoForceDirs) {
    settings.force_dirs = false;
    make();
    tree.write("p/a.c", "");
    EXPECT_EQ(ask({"gcc", "-c", "a.c"}).paths.size(), 2u);
}

TEST_F(AnalyzerTest, IncludeFilesComeFirst) {
    tree.write("p/a.c", "");
    tree.write("p/conf/config.h", "");
    Answer a = ask({"gcc", "-Iconf", "-include", "config.h", "-c", "a.c"});
    ASSERT_GE(a.paths.size(), 2u);
    EXPECT_TRUE(a.paths[0].ends_with("/p/conf/config.h.lzo")) << a.paths[0];
    EXPECT_TRUE(a.paths[1].ends_with("/p/a.c.lzo"));
}

TEST_F(AnalyzerTest, NotCoveredTranslationUnit) {
    expect_not_covered(ask({"gcc", "-c", "missing.c"}), "Could not find translation unit 'missing.c'.", "missing.c");
}

TEST_F(AnalyzerTest, NotCoveredIncludeFile) {
    tree.write("p/a.c", "");
    expect_not_covered(ask({"gcc", "-include", "nope.h", "-c", "a.c"}), "Could not find include file 'nope.h'.",
                       "a.c");
}

TEST_F(AnalyzerTest, NotCoveredAbsoluteInclude) {
    tree.write("p/a.c", "#include \"/etc/passwd\"\n");
    expect_not_covered(ask({"gcc", "-c", "a.c"}),
                       "File: '" + tree.path("p/a.c") +
                           "': Filepath must be relative but isn't: '/etc/passwd'. Consider setting "
                           "INCLUDE_SERVER_ARGS='--unsafe_absolute_includes'.",
                       "a.c");
}

TEST_F(AnalyzerTest, UnsafeAbsoluteIncludesWarnAndContinue) {
    settings.absolute_includes = AbsolutePaths::ignore_with_warning;
    make();
    tree.write("p/a.c", "#include \"/etc/passwd\"\n");
    EXPECT_FALSE(ask({"gcc", "-c", "a.c"}).paths.empty());
    EXPECT_EQ(warnings(), "WARNING include server: absolute filepath '/etc/passwd' was IGNORED (correctness of "
                          "build may be affected)\n");
}

TEST_F(AnalyzerTest, NotCoveredCommandLines) {
    tree.write("p/a.c", "");
    struct Case {
        Strings argv;
        std::string reason;
    };
    const Case cases[] = {
        {{"gcc", "-I-", "-c", "a.c"}, "-I- is not implemented.  (Use -iquote instead.)"},
        {{"gcc", "-imultilib", "x", "-c", "a.c"}, "-imultilib is not implemented.  "},
        {{"gcc", "-Xpreprocessor", "-x", "-c", "a.c"}, "-Xpreprocessor is not implemented.  "},
        {{"gcc", "-c", "a.c", "-o"}, "No argument found for option '-o'"},
        {{"gcc", "-c", "a.c", "b.c"}, "Could not locate name of translation unit: ['a.c', 'b.c']."},
        {{"gcc", "-c", "a.f"}, "For source file 'a.f': unrecognized filename extension"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.reason);
        expect_not_covered(ask(c.argv), c.reason, "unknown translation unit");
    }
}

TEST_F(AnalyzerTest, NotCoveredMalformedDefine) {
    tree.write("p/a.c", "");
    expect_not_covered(ask({"gcc", "-DA B=1", "-c", "a.c"}), "Unexpected macro definition with LHS: 'A B'.", "a.c");
}

TEST_F(AnalyzerTest, NotCoveredSystemDirectories) {
    class FailingRunner : public CompilerRunner {
    public:
        Result<ProbeOutput> run(const Strings&, const std::string&, const Strings&) override {
            return ProbeOutput{1 << 8, "cc1: fatal\n"};
        }
    } failing;
    Analyzer broken(settings, fs, failing, roots, *reporter);
    ASSERT_TRUE(broken.start().ok());
    tree.write("p/a.c", "");
    Answer a = broken.handle(tree.path("p"), {"cc", "-c", "a.c"});
    expect_not_covered(a,
                       "Couldn't determine default system include directories\nfor compiler 'cc', language 'c':\n"
                       "command '['cc', '-x', 'c', '-v', '-c', '/dev/null', '-o', '/dev/null']' exited with status "
                       "'1'.\n Command output:\ncc1: fatal\n",
                       "unknown translation unit");
}

TEST_F(AnalyzerTest, NotCoveredUnreadableFile) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
    tree.write("p/a.c", "#include \"h.h\"\n");
    std::string h = tree.write("p/h.h", "");
    ASSERT_EQ(chmod(h.c_str(), 0), 0);
    expect_not_covered(ask({"gcc", "-c", "a.c"}),
                       "Parse file: '" + h + "': [Errno 13] Permission denied: '" + h + "'", "a.c");
}

TEST_F(AnalyzerTest, NotCoveredSymlinkLoop) {
    tree.write("p/a.c", "#include \"d/h.h\"\n");
    tree.write("p/d/h.h", "");
    fs.looping = tree.path("p/d");
    expect_not_covered(ask({"gcc", "-c", "a.c"}), "Too many symlinks in '" + tree.path("p/d") + "'.", "a.c");
}

TEST_F(AnalyzerTest, NotCoveredRelativeClientDirectory) {
    expect_not_covered(ask({"gcc", "-c", "a.c"}, "relative/dir"), "Client directory must be absolute: 'relative/dir'",
                       "unknown translation unit");
}

TEST_F(AnalyzerTest, CpuQuotaStartsANewGeneration) {
    settings.cpu_quota_seconds = 0;
    make();
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "#include \"h" + std::to_string(i) + ".h\"\n";
    tree.write("p/a.c", text);
    EXPECT_EQ(analyzer->generation(), 1);
    expect_not_covered(ask({"gcc", "-c", "a.c"}),
                       "Bailing out because include server spent more than 0.0s user time handling request", "a.c");
    EXPECT_EQ(analyzer->generation(), 2);
}

TEST_F(AnalyzerTest, VerifyReportsAMissedFile) {
    settings.verify = true;
    settings.write_include_closure = true;
    make(&real_compiler);
    tree.write("p/a.c", "#include \"seen.h\"\n#\\\ninclude \"missed.h\"\n");
    tree.write("p/seen.h", "");
    tree.write("p/missed.h", "");
    expect_not_covered(ask({"gcc", "-c", "a.c", "-o", "a.o"}),
                       "File: 'a.c': Calculated include closure does not contain: '" + tree.path("p/missed.h") +
                           "'.\nThere is 1 such missing dependency.",
                       "a.c");
    EXPECT_EQ(tree_support::read_file(tree.path("p/a.d_exact")),
              tree.path("p/a.c") + "\n" + tree.path("p/missed.h") + "\n" + tree.path("p/seen.h") + "\n");
}

TEST_F(AnalyzerTest, VerifyAndWriteOnSuccess) {
    settings.verify = true;
    settings.write_include_closure = true;
    make(&real_compiler);
    tree.write("p/a.c", "#include \"seen.h\"\n#include <stdio.h>\n");
    tree.write("p/seen.h", "");
    tree.mkdir("p/out");
    Answer a = ask({"gcc", "-c", "a.c", "-o", "out/a.o"});
    EXPECT_FALSE(a.paths.empty()) << warnings();
    EXPECT_EQ(tree_support::read_file(tree.path("p/out/a.d_approx")), tree.path("p/a.c") + "\n" + tree.path("p/seen.h") + "\n");
}

TEST_F(AnalyzerTest, PathObservation) {
    settings.path_observation_re = "seen";
    make();
    tree.write("p/a.c", "#include \"seen.h\"\n#include \"other.h\"\n");
    tree.write("p/seen.h", "");
    tree.write("p/other.h", "");
    EXPECT_FALSE(ask({"gcc", "-c", "a.c"}).paths.empty());
    EXPECT_EQ(warnings(), "WARNING include server: For translation unit 'a.c', lookup of file 'seen.h' resolved to "
                          "'seen.h' whose realpath is '" + tree.path("p/seen.h") + "'.\n");
}

TEST_F(AnalyzerTest, StatResetTriggerStartsANewGeneration) {
    std::string trigger = tree.write("trigger", "1");
    settings.stat_reset_triggers = {trigger};
    make();
    tree.write("p/a.c", "");
    EXPECT_FALSE(ask({"gcc", "-c", "a.c"}).paths.empty());
    EXPECT_EQ(analyzer->generation(), 1);
    ::unlink(trigger.c_str());
    EXPECT_FALSE(ask({"gcc", "-c", "a.c"}).paths.empty());
    EXPECT_EQ(analyzer->generation(), 2);
    EXPECT_EQ(warnings(), "WARNING include server: Path '" + trigger + "' no longer exists. Clearing caches.\n");
}

TEST_F(AnalyzerTest, FatalWhenTheMirrorCannotBeWritten) {
    tree.write("p/a.c", "int a;\n");
    Answer ok = ask({"gcc", "-c", "a.c"});
    ASSERT_FALSE(ok.paths.empty());
    std::string r = ok.paths[0].substr(0, ok.paths[0].find(tree.root()));
    // Make the next copy impossible: a directory where the file's copy goes.
    tree.write("p/b.c", "");
    ASSERT_EQ(::mkdir((r + tree.path("p/b.c") + ".lzo").c_str(), 0700), 0);
    Answer a = ask({"gcc", "-c", "b.c"});
    EXPECT_TRUE(a.paths.empty());
    EXPECT_TRUE(a.terminate);
    std::string w = warnings();
    EXPECT_NE(w.find("Include server fatal error: '('Could not write to '" + r + tree.path("p/b.c") + ".lzo'"),
              std::string::npos)
        << w;
}
