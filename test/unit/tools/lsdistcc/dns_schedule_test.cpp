// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/dns_schedule.cpp: how many lookups are in flight,
// when one is repeated, and the gap rule (the sequences distcc 3.4 shows with a
// hosts file: distcc1-3, 5-7 and 9 present, default options find 1, 2, 3 and 5).
#include "tools/lsdistcc/dns_schedule.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <set>

using namespace dcc::tools::lsdistcc;

namespace {

using Indexes = std::vector<std::size_t>;

// Lookups answered one at a time in the order they were sent (a hosts file answers
// at once), from a set of names that resolve; returns the indexes that resolved.
Indexes run_in_order(std::size_t names, int overlap, int gap, const std::set<std::size_t>& present) {
    DnsSchedule schedule(DnsScheduleSettings{names, overlap, gap, 500});
    std::deque<std::size_t> in_flight;
    Indexes found;
    for (int round = 0; round < 10000 && !schedule.finished(); ++round) {
        for (std::size_t index : schedule.due(0)) in_flight.push_back(index);
        if (in_flight.empty()) break;
        std::size_t index = in_flight.front();
        in_flight.pop_front();
        bool ok = present.count(index) != 0;
        if (schedule.answered(index, ok) && ok) found.push_back(index);
    }
    EXPECT_TRUE(schedule.finished());
    return found;
}

// distcc1..3, 5..7 and 9 (indexes 0-based).
const std::set<std::size_t> k_gappy{0, 1, 2, 4, 5, 6, 8};

}  // namespace

TEST(DnsSchedule, StopsAtTheFirstGapPlusTheOverlap) {
    EXPECT_EQ(run_in_order(500, 1, 0, k_gappy), (Indexes{0, 1, 2, 4}));
    EXPECT_EQ(run_in_order(500, 0, 0, k_gappy), (Indexes{0, 1, 2}));
}

TEST(DnsSchedule, GapToleratesThatManyMissingNames) {
    EXPECT_EQ(run_in_order(500, 1, 1, k_gappy), (Indexes{0, 1, 2, 4, 5, 6, 8}));
    EXPECT_EQ(run_in_order(500, 0, 1, k_gappy), (Indexes{0, 1, 2, 4, 5, 6}));
}

TEST(DnsSchedule, ExplicitListStopsToo) {
    // "distcc1 distcc4 distcc2 distcc3 distcc5" with distcc4's failure answered
    // first, as 3.4 showed it: only distcc1 is found.
    DnsSchedule schedule(DnsScheduleSettings{5, 1, 0, 500});
    EXPECT_EQ(schedule.due(0), (Indexes{0, 1}));
    EXPECT_TRUE(schedule.answered(1, false));
    EXPECT_TRUE(schedule.answered(0, true));
    EXPECT_TRUE(schedule.due(1).empty());
    EXPECT_TRUE(schedule.finished());
    EXPECT_EQ(run_in_order(3, 5, 0, {0, 1, 2}), (Indexes{0, 1, 2}));
}

TEST(DnsSchedule, AtMostOverlapPlusOneFirstLookupsInFlight) {
    DnsSchedule schedule(DnsScheduleSettings{10, 2, 0, 500});
    EXPECT_EQ(schedule.due(0), (Indexes{0, 1, 2}));
    EXPECT_TRUE(schedule.due(10).empty());
    EXPECT_TRUE(schedule.answered(1, true));
    EXPECT_EQ(schedule.due(20), (Indexes{3}));
    EXPECT_FALSE(schedule.finished());
}

TEST(DnsSchedule, SlowLookupsAreRepeatedUpToFiveTimes) {
    DnsSchedule schedule(DnsScheduleSettings{1, 1, 0, 500});
    EXPECT_EQ(schedule.due(0), (Indexes{0}));
    EXPECT_EQ(schedule.next_retry_ms(), 500);
    EXPECT_TRUE(schedule.due(499).empty());
    EXPECT_EQ(schedule.due(500), (Indexes{0}));
    EXPECT_EQ(schedule.due(1000), (Indexes{0}));
    EXPECT_EQ(schedule.due(1500), (Indexes{0}));
    EXPECT_EQ(schedule.due(2000), (Indexes{0}));
    EXPECT_TRUE(schedule.due(2500).empty());  // five tries in all
    EXPECT_FALSE(schedule.next_retry_ms().has_value());
    EXPECT_FALSE(schedule.finished());  // still waiting for an answer
    EXPECT_TRUE(schedule.answered(0, true));
    EXPECT_FALSE(schedule.answered(0, false));  // a late answer to a repeat is ignored
    EXPECT_TRUE(schedule.finished());
}

TEST(DnsSchedule, StoppedAfterSaysHowFarTheSearchGot) {
    DnsSchedule schedule(DnsScheduleSettings{10, 1, 0, 500});
    schedule.due(0);
    EXPECT_FALSE(schedule.stopped_after().has_value());
    schedule.answered(1, false);
    EXPECT_EQ(schedule.stopped_after(), 2u);
    EXPECT_TRUE(schedule.due(1).empty());
    EXPECT_FALSE(schedule.finished());
    schedule.answered(0, true);
    EXPECT_TRUE(schedule.finished());
}

TEST(DnsSchedule, NoNamesIsFinishedAtOnce) {
    DnsSchedule schedule(DnsScheduleSettings{0, 1, 0, 500});
    EXPECT_TRUE(schedule.due(0).empty());
    EXPECT_TRUE(schedule.finished());
}
