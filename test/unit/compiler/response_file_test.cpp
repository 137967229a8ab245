// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/response_file: libiberty buildargv/expandargv semantics as
// observed with Debian's distcc 3.4, with an in-memory reader, plus the disk reader
// on a scratch directory.
#include "compiler/response_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

namespace dcc::compiler {
namespace {

using Words = std::vector<std::string>;

TEST(SplitResponseText, WhitespaceQuotesAndBackslashes) {
    EXPECT_EQ(split_response_text("gcc -c small.c -o rsp.o\n"), (Words{"gcc", "-c", "small.c", "-o", "rsp.o"}));
    EXPECT_EQ(split_response_text("-c\thello.c\n"), (Words{"-c", "hello.c"}));
    EXPECT_EQ(split_response_text("  a\v\fb\r\n c  "), (Words{"a", "b", "c"}));
    EXPECT_EQ(split_response_text("-DA='x y' \"-DB=1 2\" -DC=a\\ b"), (Words{"-DA=x y", "-DB=1 2", "-DC=a b"}));
    EXPECT_EQ(split_response_text("'a'\"b\"c"), (Words{"abc"}));
    EXPECT_EQ(split_response_text("'say \"hi\"' \"it's\""), (Words{"say \"hi\"", "it's"}));
}

TEST(SplitResponseText, ObservedWithDebian) {
    // q.txt: a '' b "" c 'unterminated x<newline>
    EXPECT_EQ(split_response_text("a '' b \"\" c 'unterminated x\n"),
              (Words{"a", "", "b", "", "c", "unterminated x\n"}));
    // esc.txt: a\<newline> b\\c "x\"y" 'p\'q' d<NUL>e f
    const char esc[] = "a\\\n b\\\\c \"x\\\"y\" 'p\\'q' d\0e f\n";
    EXPECT_EQ(split_response_text(std::string_view(esc, sizeof esc - 1)),
              (Words{"a\n", "b\\c", "x\"y", "p'q", "d"}));
}

TEST(SplitResponseText, EmptyAndWhitespaceOnlyGiveNothing) {
    EXPECT_TRUE(split_response_text("").empty());
    EXPECT_TRUE(split_response_text("  \n\t ").empty());
    EXPECT_TRUE(split_response_text(std::string_view("\0abc", 4)).empty());
    EXPECT_EQ(split_response_text("''"), (Words{""}));
    EXPECT_EQ(split_response_text("\\"), (Words{""}));
    EXPECT_EQ(split_response_text("x\\"), (Words{"x"}));
    EXPECT_EQ(split_response_text("\"unterminated"), (Words{"unterminated"}));
}

// An in-memory file system for the reader.
struct FakeFiles {
    std::map<std::string, std::string> files;
    std::set<std::string> directories;
    mutable std::vector<std::string> reads;

    ResponseFileReader reader() const {
        return [this](const std::string& path) -> Result<std::optional<std::string>> {
            reads.push_back(path);
            if (directories.count(path)) return make_error(ExitCode::bad_arguments, "error: @-file refers to a directory");
            auto it = files.find(path);
            if (it == files.end()) return std::optional<std::string>();
            return std::optional<std::string>(it->second);
        };
    }
};

Result<Words> expand(const FakeFiles& fs, Words argv) { return expand_response_files(argv, fs.reader()); }

TEST(ExpandResponseFiles, ExpandsInPlace) {
    FakeFiles fs;
    fs.files["rsp1.txt"] = "gcc -c small.c -o rsp.o\n";
    auto r = expand(fs, {"distcc", "@rsp1.txt"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"distcc", "gcc", "-c", "small.c", "-o", "rsp.o"}));
    r = expand(fs, {"gcc", "-O2", "@rsp1.txt", "-g"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"gcc", "-O2", "gcc", "-c", "small.c", "-o", "rsp.o", "-g"}));
}

TEST(ExpandResponseFiles, NestedFilesAreExpandedRecursively) {
    FakeFiles fs;
    fs.files["rsp2.txt"] = "-DA='x y' @rsp3.txt -DZ";
    fs.files["rsp3.txt"] = "-c\thello.c @rsp4.txt\n";
    fs.files["rsp4.txt"] = "-o out.o";
    auto r = expand(fs, {"true", "@rsp2.txt"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"true", "-DA=x y", "-c", "hello.c", "-o", "out.o", "-DZ"}));
}

TEST(ExpandResponseFiles, UnreadableFilesLeaveTheWord) {
    FakeFiles fs;
    fs.files["empty.txt"] = "";
    fs.files["ws.txt"] = "  \n\t ";
    auto r = expand(fs, {"true", "@missing.txt", "-c", "hello.c", "@", "@empty.txt", "@ws.txt"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"true", "@missing.txt", "-c", "hello.c", "@"}));
    // The word "@" asks for the file named "".
    EXPECT_EQ(fs.reads, (Words{"missing.txt", "", "empty.txt", "ws.txt"}));
}

TEST(ExpandResponseFiles, ArgvZeroIsNeverExpanded) {
    FakeFiles fs;
    fs.files["x"] = "y";
    auto r = expand(fs, {"@x", "@x"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"@x", "y"}));
    r = expand(fs, {});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->empty());
}

TEST(ExpandResponseFiles, WordsFromAFileThatLookLikeResponseFilesAreExpandedToo) {
    FakeFiles fs;
    fs.files["a"] = "'@b'";
    fs.files["b"] = "done";
    auto r = expand(fs, {"gcc", "@a"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Words{"gcc", "done"}));
}

TEST(ExpandResponseFiles, SelfInclusionHitsTheLimit) {
    FakeFiles fs;
    fs.files["self.txt"] = "@self.txt\n";
    auto r = expand(fs, {"true", "@self.txt", "-c", "hello.c"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ExitCode::bad_arguments);
    EXPECT_EQ(r.error().message, "error: too many @-files encountered");
    EXPECT_EQ(fs.reads.size(), k_max_response_file_expansions - 1);
}

TEST(ExpandResponseFiles, ManyFilesBelowTheLimitAreFine) {
    FakeFiles fs;
    fs.files["one"] = "x";
    Words argv = {"gcc"};
    for (unsigned i = 0; i < k_max_response_file_expansions - 1; ++i) argv.push_back("@one");
    auto r = expand(fs, argv);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), argv.size());
    argv.push_back("@one");
    EXPECT_FALSE(expand(fs, argv).ok());
}

TEST(ExpandResponseFiles, DirectoryIsAnError) {
    FakeFiles fs;
    fs.directories.insert("rdir");
    auto r = expand(fs, {"true", "@rdir", "-c", "hello.c"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "error: @-file refers to a directory");
}

TEST(DiskResponseFileReader, ReadsFilesAndReportsDirectories) {
    test_support::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    ASSERT_TRUE(files::write_file(dir.file("rsp"), "-c 'a b.c'\n").ok());
    ASSERT_EQ(::mkdir(dir.file("sub").c_str(), 0755), 0);
    ResponseFileReader reader = disk_response_file_reader();
    auto text = reader(dir.file("rsp"));
    ASSERT_TRUE(text.ok());
    ASSERT_TRUE(text->has_value());
    EXPECT_EQ(**text, "-c 'a b.c'\n");
    auto missing = reader(dir.file("nothing"));
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
    auto directory = reader(dir.file("sub"));
    ASSERT_FALSE(directory.ok());
    EXPECT_EQ(directory.error().message, "error: @-file refers to a directory");

    auto expanded = expand_response_files({"gcc", "@" + dir.file("rsp")}, reader);
    ASSERT_TRUE(expanded.ok());
    EXPECT_EQ(*expanded, (Words{"gcc", "-c", "a b.c"}));
}

TEST(DiskResponseFileReader, UnreadableFileLeavesTheWord) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can read a mode-000 file";
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("secret"), "x", 0).ok());
    auto text = disk_response_file_reader()(dir.file("secret"));
    ASSERT_TRUE(text.ok());
    EXPECT_FALSE(text->has_value());
}

}  // namespace
}  // namespace dcc::compiler
