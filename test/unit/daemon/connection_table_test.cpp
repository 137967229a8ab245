// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/connection_table.hpp, the bookkeeping the request intake and
// the GSS-API handshake share: entries by descriptor, checks in time order (one per
// connection, replaced when rescheduled), eviction of the connection accepted
// longest ago when the table is full.
#include "daemon/connection_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "fakes.hpp"

using namespace dcc::daemon;

namespace {

struct Entry {
    PeerAddress peer;
    int value = 0;
};

Entry entry(int value) { return Entry{fakes::fake_peer(), value}; }

}  // namespace

TEST(ConnectionTable, FindsAndErasesByDescriptor) {
    ConnectionTable<Entry> table(10);
    auto never = [](int) { FAIL() << "no eviction below the limit"; };
    table.admit(7, entry(70), 0, never).value += 1;
    table.admit(8, entry(80), 0, never);
    ASSERT_NE(table.find(7), nullptr);
    EXPECT_EQ(table.find(7)->value, 71);
    EXPECT_EQ(table.find(9), nullptr);
    EXPECT_EQ(table.size(), 2u);
    EXPECT_TRUE(table.erase(7));
    EXPECT_FALSE(table.erase(7));
    EXPECT_EQ(table.find(7), nullptr);
    EXPECT_EQ(table.size(), 1u);
}

TEST(ConnectionTable, ChecksComeDueInTimeOrderAndARescheduleReplacesTheOldMoment) {
    ConnectionTable<Entry> table(10);
    auto never = [](int) {};
    for (int fd : {3, 4, 5}) table.admit(fd, entry(fd), 0, never);
    EXPECT_EQ(table.next_check_ms(), -1);  // admitted without a check
    EXPECT_FALSE(table.due(1000000));
    table.schedule(3, 300);
    table.schedule(4, 100);
    table.schedule(5, 200);
    table.schedule(4, 400);  // replaces 100
    EXPECT_EQ(table.next_check_ms(), 200);
    EXPECT_FALSE(table.due(199));
    EXPECT_EQ(table.due(200), 5);
    table.unschedule(5);
    EXPECT_EQ(table.due(1000), 3);
    table.erase(3);  // its check goes with it
    EXPECT_EQ(table.due(1000), 4);
    EXPECT_FALSE(table.due(399));
    table.erase(4);
    EXPECT_EQ(table.next_check_ms(), -1);
    EXPECT_EQ(table.size(), 1u);
}

TEST(ConnectionTable, AFullTableEvictsTheOldestAcceptedFirst) {
    ConnectionTable<Entry> table(2);
    std::vector<int> evicted;
    auto evict = [&](int fd) {
        evicted.push_back(fd);
        table.erase(fd);
    };
    table.admit(10, entry(1), 50, evict);
    table.admit(11, entry(2), 20, evict);  // accepted earlier (a clock that is a parameter)
    table.schedule(11, 30);
    table.admit(12, entry(3), 60, evict);
    EXPECT_EQ(evicted, std::vector<int>{11});
    EXPECT_EQ(table.next_check_ms(), -1);  // the evicted connection's check went with it
    table.admit(13, entry(4), 70, evict);
    EXPECT_EQ(evicted, (std::vector<int>{11, 10}));
    std::set<int> left;
    table.for_each([&](int fd, const Entry& e) {
        left.insert(fd);
        EXPECT_EQ(e.value, fd - 9);
    });
    EXPECT_EQ(left, (std::set<int>{12, 13}));
}

TEST(ConnectionTable, AnEvictionTheReaderDidNotEraseIsErasedAnyway) {
    ConnectionTable<Entry> table(1);
    table.admit(5, entry(5), 0, [](int) {});
    table.admit(6, entry(6), 1, [](int) {});
    EXPECT_EQ(table.size(), 1u);
    EXPECT_EQ(table.find(5), nullptr);
    ASSERT_NE(table.find(6), nullptr);
}
