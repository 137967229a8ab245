// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the daemon's principal lists (src/auth/principal_list.cpp): the file
// format exactly as upstream reads it, realm stripping and the admit decision.
#include "auth/principal_list.hpp"

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::auth;

TEST(PrincipalList, OneNamePerLineInAnyOrder) {
    auto list = PrincipalList::parse("zed\nalice\nbob\n");
    EXPECT_EQ(list.size(), 3u);
    for (const char* name : {"alice", "bob", "zed"}) EXPECT_TRUE(list.contains(name)) << name;
    EXPECT_FALSE(list.contains("carol"));
    EXPECT_FALSE(list.contains("ali"));
    EXPECT_FALSE(list.contains("alice2"));
}

TEST(PrincipalList, FinalLineNeedsNoNewline) {
    auto list = PrincipalList::parse("alice\nbob");
    EXPECT_EQ(list.size(), 2u);
    EXPECT_TRUE(list.contains("bob"));
}

TEST(PrincipalList, EmptyLinesCountAndMatchAnEmptyName) {
    auto list = PrincipalList::parse("alice\n\nbob\n");
    EXPECT_EQ(list.size(), 3u);
    EXPECT_TRUE(list.contains(""));
    EXPECT_FALSE(PrincipalList::parse("alice\n").contains(""));
}

TEST(PrincipalList, CarriageReturnsAndBlanksArePartOfTheName) {
    auto list = PrincipalList::parse("alice\r\n bob\n");
    EXPECT_FALSE(list.contains("alice"));
    EXPECT_TRUE(list.contains("alice\r"));
    EXPECT_TRUE(list.contains(" bob"));
}

TEST(PrincipalList, ANameEndsAtANulByte) {
    using namespace std::string_literals;
    auto list = PrincipalList::parse("alice\0junk\nbob\n"s);
    EXPECT_TRUE(list.contains("alice"));
    EXPECT_FALSE(list.contains("alice\0junk"s));
}

TEST(PrincipalList, EmptyFileIsAnEmptyList) {
    auto list = PrincipalList::parse("");
    EXPECT_EQ(list.size(), 0u);
    EXPECT_FALSE(list.contains(""));
}

TEST(PrincipalList, LoadsAFile) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("list"), "bob\nalice\n").ok());
    auto list = load_principal_list(dir.file("list"));
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_TRUE(list->contains("alice"));
}

TEST(PrincipalList, MissingFileIsAGssapiFailure) {
    test_support::ScratchDir dir;
    auto list = load_principal_list(dir.file("absent"));
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::gssapi_failed);
    EXPECT_NE(list.error().message.find("Failed to open list file"), std::string::npos);
}

TEST(StripRealm, CutsAtTheFirstAt) {
    EXPECT_EQ(strip_realm("alice@EXAMPLE.ORG"), "alice");
    EXPECT_EQ(strip_realm("host/build1@EXAMPLE.ORG"), "host/build1");
    EXPECT_EQ(strip_realm("odd@name@REALM"), "odd");
    EXPECT_EQ(strip_realm("norealm"), "norealm");
    EXPECT_EQ(strip_realm("@REALM"), "");
}

TEST(IsAdmitted, WithoutAListEveryoneIsAdmitted) {
    EXPECT_TRUE(is_admitted(ListKind::none, PrincipalList::parse("alice\n"), "alice@R"));
}

TEST(IsAdmitted, BlacklistDeniesListedNamesWhateverTheRealm) {
    auto list = PrincipalList::parse("mallory\n");
    EXPECT_FALSE(is_admitted(ListKind::blacklist, list, "mallory@A.ORG"));
    EXPECT_FALSE(is_admitted(ListKind::blacklist, list, "mallory@B.ORG"));
    EXPECT_TRUE(is_admitted(ListKind::blacklist, list, "alice@A.ORG"));
}

TEST(IsAdmitted, WhitelistAdmitsOnlyListedNames) {
    auto list = PrincipalList::parse("alice\n");
    EXPECT_TRUE(is_admitted(ListKind::whitelist, list, "alice@A.ORG"));
    EXPECT_FALSE(is_admitted(ListKind::whitelist, list, "bob@A.ORG"));
    EXPECT_TRUE(is_admitted(ListKind::whitelist, list, "alice@A.ORG@x"));
}
