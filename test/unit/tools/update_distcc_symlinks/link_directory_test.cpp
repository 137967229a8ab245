// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/update_distcc_symlinks/link_directory.cpp and update.cpp's
// command line, in a scratch directory: how entries are classified, that the
// directory is created, that a plan is applied, where links point.
#include "tools/update_distcc_symlinks/link_directory.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"
#include "tools/update_distcc_symlinks/update.hpp"

using namespace dcc;
using namespace dcc::tools::update_distcc_symlinks;

namespace {

EntryKind kind_of(const std::vector<DirectoryEntry>& entries, const std::string& name) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const DirectoryEntry& e) { return e.name == name; });
    EXPECT_NE(it, entries.end()) << name;
    return it == entries.end() ? EntryKind::other : it->kind;
}

std::string link_text(const std::string& path) {
    char buf[4096];
    ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

TEST(LinkDirectory, ClassifiesEntries) {
    test_support::ScratchDir scratch;
    std::string dir = scratch.file("distcc");
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    ASSERT_EQ(::symlink("/bin/sh", (dir + "/working").c_str()), 0);
    ASSERT_EQ(::symlink("/nonexistent/distcc", (dir + "/dangling").c_str()), 0);
    ASSERT_TRUE(files::write_file(scratch.file("data"), "x", 0644).ok());
    ASSERT_EQ(::symlink(scratch.file("data").c_str(), (dir + "/not-executable").c_str()), 0);
    ASSERT_TRUE(files::write_file(dir + "/plain", "x", 0755).ok());
    auto entries = read_directory(dir);
    ASSERT_TRUE(entries.ok()) << entries.error().message;
    EXPECT_EQ(entries->size(), 4u);
    EXPECT_EQ(kind_of(*entries, "working"), EntryKind::working_link);
    EXPECT_EQ(kind_of(*entries, "dangling"), EntryKind::dangling_link);
    EXPECT_EQ(kind_of(*entries, "not-executable"), EntryKind::dangling_link);
    EXPECT_EQ(kind_of(*entries, "plain"), EntryKind::other);
}

TEST(LinkDirectory, CreatesTheLastComponentOnly) {
    test_support::ScratchDir scratch;
    auto created = read_directory(scratch.file("distcc"));
    ASSERT_TRUE(created.ok());
    EXPECT_TRUE(created->empty());
    EXPECT_TRUE(files::exists(scratch.file("distcc")));
    auto missing_parent = read_directory(scratch.file("no/such/distcc"));
    ASSERT_FALSE(missing_parent.ok());
    EXPECT_EQ(missing_parent.error().code, ExitCode::io_error);
    EXPECT_NE(missing_parent.error().message.find(scratch.file("no/such/distcc")), std::string::npos);
}

TEST(LinkDirectory, AppliesAPlanAndReportsEachChange) {
    test_support::ScratchDir scratch;
    std::string dir = scratch.path();
    ASSERT_EQ(::symlink("../../bin/distcc", (dir + "/gcc-11").c_str()), 0);
    std::vector<std::string> lines;
    LinkPlan plan{{"gcc-11"}, {"gcc", "cc"}};
    ASSERT_TRUE(apply_plan(dir, plan, "../../bin/distcc", [&](const std::string& l) { lines.push_back(l); }).ok());
    EXPECT_EQ(lines, (std::vector<std::string>{"Removing " + dir + "/gcc-11", "Adding " + dir + "/gcc",
                                               "Adding " + dir + "/cc"}));
    EXPECT_EQ(link_text(dir + "/gcc"), "../../bin/distcc");
    EXPECT_EQ(link_text(dir + "/cc"), "../../bin/distcc");
    EXPECT_FALSE(files::exists(dir + "/gcc-11"));
}

TEST(LinkDirectory, AddingOverAnExistingNameFails) {
    test_support::ScratchDir scratch;
    ASSERT_TRUE(files::write_file(scratch.file("gcc"), "x").ok());
    Status applied = apply_plan(scratch.path(), LinkPlan{{}, {"gcc"}}, "x", [](const std::string&) {});
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ExitCode::io_error);
}

TEST(LinkDirectory, LinkTargetIsRelativeInThePrefixLayout) {
    EXPECT_EQ(distcc_link_target("/usr/local/bin", "/usr/local/lib"), "../../bin/distcc");
    EXPECT_EQ(distcc_link_target("/usr/bin", "/usr/lib"), "../../bin/distcc");
    EXPECT_EQ(distcc_link_target("/opt/distcc/bin", "/usr/lib"), "/opt/distcc/bin/distcc");
    EXPECT_EQ(distcc_link_target("/usr/bin", "/usr/lib64"), "/usr/bin/distcc");
}

TEST(UpdateCommandLine, Options) {
    std::vector<std::string> args{"-v", "--directory", "/x"};
    auto options = parse_command_line(args);
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options->verbose);
    EXPECT_EQ(options->directory, "/x");
    std::vector<std::string> glued{"--directory=/y", "--verbose"};
    EXPECT_EQ(parse_command_line(glued)->directory, "/y");
    std::vector<std::string> help{"--help"};
    EXPECT_TRUE(parse_command_line(help)->help);
    for (std::vector<std::string> bad : {std::vector<std::string>{"--directory"}, {"--directory="}, {"extra"}, {"-x"}}) {
        auto parsed = parse_command_line(bad);
        ASSERT_FALSE(parsed.ok()) << bad[0];
        EXPECT_EQ(parsed.error().code, ExitCode::bad_arguments);
    }
}
