// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for zeroconf in a build without Avahi (src/zeroconf/disabled.cpp): browsing
// and publishing refuse, and nothing is created on disk.
#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"
#include "zeroconf/zeroconf.hpp"

using namespace dcc;

TEST(ZeroconfDisabled, NotAvailable) { EXPECT_FALSE(zeroconf::available()); }

TEST(ZeroconfDisabled, BrowsingRefuses) {
    test_support::ScratchDir dir;
    auto hosts = zeroconf::discovered_hosts(dir.path(), {});
    ASSERT_FALSE(hosts.ok());
    EXPECT_EQ(hosts.error().message, "not built with zeroconf support");
    EXPECT_FALSE(files::exists(dir.file("zeroconf")));
}

TEST(ZeroconfDisabled, PublishingRefuses) {
    auto publisher = zeroconf::Publisher::start(zeroconf::ServiceSettings{});
    ASSERT_FALSE(publisher.ok());
    EXPECT_EQ(publisher.error().message, "not built with zeroconf support");
}
