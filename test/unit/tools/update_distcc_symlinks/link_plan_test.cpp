// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/update_distcc_symlinks/link_plan.cpp: dangling and unwanted
// links go, missing ones come, non-symlinks are never touched.
#include "tools/update_distcc_symlinks/link_plan.hpp"

#include <gtest/gtest.h>

using namespace dcc::tools::update_distcc_symlinks;

TEST(LinkPlan, EmptyDirectoryGetsEveryWantedName) {
    LinkPlan plan = plan_links({}, {"gcc", "cc", "clang"});
    EXPECT_TRUE(plan.remove.empty());
    EXPECT_EQ(plan.add, (std::vector<std::string>{"gcc", "cc", "clang"}));
}

TEST(LinkPlan, UpToDateDirectoryIsLeftAlone) {
    LinkPlan plan = plan_links({{"gcc", EntryKind::working_link}, {"cc", EntryKind::working_link}}, {"cc", "gcc"});
    EXPECT_TRUE(plan.empty());
}

TEST(LinkPlan, DanglingLinksAreRemovedAndReplacedWhenWanted) {
    LinkPlan plan = plan_links({{"gcc-11", EntryKind::dangling_link}, {"gcc", EntryKind::dangling_link}}, {"gcc"});
    EXPECT_EQ(plan.remove, (std::vector<std::string>{"gcc", "gcc-11"}));
    EXPECT_EQ(plan.add, (std::vector<std::string>{"gcc"}));
}

TEST(LinkPlan, WorkingLinksToCompilersThatAreGoneAreRemoved) {
    LinkPlan plan = plan_links({{"gcc-11", EntryKind::working_link}, {"gcc", EntryKind::working_link}}, {"gcc"});
    EXPECT_EQ(plan.remove, (std::vector<std::string>{"gcc-11"}));
    EXPECT_TRUE(plan.add.empty());
}

TEST(LinkPlan, NonSymlinksAreNeverTouchedNorShadowed) {
    LinkPlan plan = plan_links({{"README", EntryKind::other}, {"gcc", EntryKind::other}}, {"gcc", "cc"});
    EXPECT_TRUE(plan.remove.empty());
    EXPECT_EQ(plan.add, (std::vector<std::string>{"cc"}));
}

TEST(LinkPlan, DuplicateWantedNamesAreAddedOnce) {
    EXPECT_EQ(plan_links({}, {"gcc", "gcc"}).add, (std::vector<std::string>{"gcc"}));
}
