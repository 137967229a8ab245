// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the environment table and Snapshot (src/common/environment.cpp).
#include "common/environment.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace dcc::env;

TEST(EnvironmentTable, RowsFollowEnumOrderAndNamesAreUnique) {
    std::set<std::string> names;
    auto rows = table();
    ASSERT_EQ(rows.size(), k_var_count);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(rows[i].var), i) << rows[i].name;
        EXPECT_TRUE(names.insert(rows[i].name).second) << "duplicate " << rows[i].name;
        EXPECT_NE(std::string(rows[i].meaning), "");
    }
}

TEST(EnvironmentTable, LookupByName) {
    EXPECT_EQ(lookup("DISTCC_HOSTS"), Var::distcc_hosts);
    EXPECT_EQ(lookup("_DISTCC_SAFEGUARD"), Var::distcc_safeguard);
    EXPECT_FALSE(lookup("DISTCC_NOPE"));
}

TEST(EnvironmentSnapshot, SetButEmptyIsSet) {
    auto s = Snapshot::from_pairs({{Var::distcc_hosts, ""}});
    EXPECT_TRUE(s.is_set(Var::distcc_hosts));
    EXPECT_FALSE(s.is_nonempty(Var::distcc_hosts));
    EXPECT_FALSE(s.is_set(Var::distcc_dir));
}

TEST(EnvironmentSnapshot, BooleansAcceptOnlyOneAndZero) {
    auto s = Snapshot::from_pairs({{Var::distcc_fallback, "0"}, {Var::distcc_verbose, "yes"}});
    EXPECT_FALSE(s.boolean_or(Var::distcc_fallback, true));
    EXPECT_FALSE(s.boolean_or(Var::distcc_verbose, false));
    EXPECT_TRUE(s.boolean_or(Var::distcc_verbose, true));
}

TEST(EnvironmentSnapshot, FromProcessReadsTheEnvironment) {
    setenv("DISTCC_EXCLUDE_FRESH_FILES", "*.gen", 1);
    auto s = Snapshot::from_process();
    EXPECT_EQ(s.get(Var::distcc_exclude_fresh_files), "*.gen");
    unsetenv("DISTCC_EXCLUDE_FRESH_FILES");
}
