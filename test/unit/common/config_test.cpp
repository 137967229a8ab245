// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for load_config (src/common/config.cpp).
#include "common/config.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using env::Var;

TEST(Config, Defaults) {
    Config c = load_config(env::Snapshot::from_pairs({}));
    EXPECT_TRUE(c.fallback);
    EXPECT_EQ(c.backoff_period_sec, 60);
    ASSERT_TRUE(c.io_timeout_sec.ok());
    EXPECT_EQ(*c.io_timeout_sec, 300);
    EXPECT_EQ(c.pause_time_msec, 1000);
    EXPECT_EQ(c.ssh_command, "ssh");
    EXPECT_EQ(c.tmpdir, "/tmp");
    EXPECT_FALSE(c.hosts);
    EXPECT_EQ(c.distcc_dir, "");
    EXPECT_EQ(c.safeguard_level, 0);
}

TEST(Config, BadIoTimeoutIsKeptAsAnError) {
    for (const char* bad : {"0", "-5", "soon"}) {
        Config c = load_config(env::Snapshot::from_pairs({{Var::distcc_io_timeout, bad}}));
        ASSERT_FALSE(c.io_timeout_sec.ok()) << bad;
        EXPECT_EQ(c.io_timeout_sec.error().code, ExitCode::bad_arguments);
        EXPECT_NE(c.io_timeout_sec.error().message.find("Bad DISTCC_IO_TIMEOUT value"), std::string::npos);
    }
}

TEST(Config, DistccDirFromHome) {
    Config c = load_config(env::Snapshot::from_pairs({{Var::home, "/home/u"}}));
    EXPECT_EQ(c.distcc_dir, "/home/u/.distcc");
    EXPECT_FALSE(c.distcc_dir_explicit);
    Config d = load_config(env::Snapshot::from_pairs({{Var::home, "/home/u"}, {Var::distcc_dir, "/d"}}));
    EXPECT_EQ(d.distcc_dir, "/d");
    EXPECT_TRUE(d.distcc_dir_explicit);
}

TEST(Config, SafeguardNonNumericCountsAsOne) {
    EXPECT_EQ(load_config(env::Snapshot::from_pairs({{Var::distcc_safeguard, "x"}})).safeguard_level, 1);
    EXPECT_EQ(load_config(env::Snapshot::from_pairs({{Var::distcc_safeguard, "2"}})).safeguard_level, 2);
}

TEST(Config, HostsSetButEmpty) {
    Config c = load_config(env::Snapshot::from_pairs({{Var::distcc_hosts, ""}}));
    ASSERT_TRUE(c.hosts);
    EXPECT_EQ(*c.hosts, "");
}

TEST(Config, SkipLocalRetryIsPresence) {
    EXPECT_TRUE(load_config(env::Snapshot::from_pairs({{Var::distcc_skip_local_retry, ""}})).skip_local_retry);
    EXPECT_FALSE(load_config(env::Snapshot::from_pairs({{Var::distcc_fallback, "0"}})).skip_local_retry);
}
