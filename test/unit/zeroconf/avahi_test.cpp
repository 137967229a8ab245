// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the Avahi-backed halves (src/zeroconf/browser.cpp, publisher.cpp,
// avahi_library.cpp) that need no running Avahi daemon: the library loads, a
// publisher without a system bus fails as distccd 3.4 does, and a browser without
// a daemon leaves an empty host list.  Announcing and browsing for real are
// in test/integration/test_zeroconf_*.py.
#include <stdlib.h>

#include <chrono>

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"
#include "zeroconf/avahi_library.hpp"
#include "zeroconf/hosts_file.hpp"
#include "zeroconf/zeroconf.hpp"

using namespace dcc;

namespace {

// Point Avahi's D-Bus connection at a socket nobody listens on.
class NoAvahiDaemon : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("DBUS_SYSTEM_BUS_ADDRESS", ("unix:path=" + m_dir.file("no-bus")).c_str(), 1);
    }
    void TearDown() override { ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS"); }
    test_support::ScratchDir m_dir;
};

}  // namespace

TEST(AvahiLibrary, LoadsAtRunTime) {
    EXPECT_TRUE(zeroconf::available());
    auto api = zeroconf::avahi::load();
    ASSERT_TRUE(api.ok()) << api.error().message;
    EXPECT_NE((*api)->client_new, nullptr);
    EXPECT_STREQ((*api)->strerror(AVAHI_OK), "OK");
}

TEST_F(NoAvahiDaemon, PublisherWithoutSystemBusFailsLikeDistccd34) {
    // Debian's distccd --zeroconf exits 103 with the same message in this situation.
    auto publisher = zeroconf::Publisher::start(zeroconf::ServiceSettings{3632, 2, 4});
    ASSERT_FALSE(publisher.ok());
    EXPECT_EQ(publisher.error().code, ExitCode::connect_failed);
    EXPECT_EQ(publisher.error().message, "Failed to create client object: Daemon not running");
}

TEST_F(NoAvahiDaemon, BrowserWithoutDaemonLeavesAnEmptyList) {
    auto start = std::chrono::steady_clock::now();
    auto hosts = zeroconf::discovered_hosts(m_dir.path(), {});
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(hosts.ok()) << hosts.error().message;
    EXPECT_EQ(*hosts, "");
    EXPECT_GE(elapsed, std::chrono::milliseconds(900)) << "a client that starts a browser gives it a second";
    // The browser gave up at once (no daemon), so the lock is free again.
    for (int i = 0; i < 50; ++i) {
        auto lock = zeroconf::try_lock(m_dir.file("zeroconf/lock"));
        ASSERT_TRUE(lock.ok());
        if (lock->valid()) return;
        ::usleep(100 * 1000);
    }
    FAIL() << "the browser still holds its lock";
}
