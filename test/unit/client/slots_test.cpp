// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/slots.cpp: lock and backoff file names, the breadth-first slot
// choice, waiting when everything is busy, the local pools, and backoff -- all over
// in-memory fakes of lock_store.hpp.
#include "client/slots.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "fakes.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;

namespace {

HostSpec host(HostMode mode, const std::string& name, int limit, int port = 3632) {
    HostSpec h;
    h.mode = mode;
    h.hostname = name;
    h.text = name;
    h.limit = limit;
    h.port = port;
    return h;
}

}  // namespace

TEST(Slots, LockFileNamesMatchUpstream) {
    EXPECT_EQ(slot_lock_name(host(HostMode::local, "localhost", 2), 1), "cpu_localhost_1");
    EXPECT_EQ(slot_lock_name(host(HostMode::tcp, "127.0.0.1", 4, 3999), 0), "cpu_tcp_127.0.0.1_3999_0");
    EXPECT_EQ(slot_lock_name(host(HostMode::tcp, "::1", 4, 3632), 2), "cpu_tcp_::1_3632_2");
    HostSpec ssh = host(HostMode::ssh, "build1", 4);
    ssh.user = "joe";
    ssh.command = "/opt/distccd";
    EXPECT_EQ(slot_lock_name(ssh, 3), "cpu_ssh_build1_3") << "user and command are not part of the name";
    EXPECT_EQ(local_slot_lock_name(5), "cpu_localhost_5");
    EXPECT_EQ(backoff_mark_name(host(HostMode::tcp, "127.0.0.1", 4, 3999)), "backoff_tcp_127.0.0.1_3999_0");
    EXPECT_EQ(backoff_mark_name(ssh), "backoff_ssh_build1_0");
}

TEST(Slots, FillsBreadthFirstInListOrder) {
    HostSpec a = host(HostMode::tcp, "a", 2), b = host(HostMode::tcp, "b", 3);
    std::vector<const HostSpec*> hosts{&a, &b};
    FakeLocks locks;
    std::vector<HostPick> picks;
    for (int i = 0; i < 5; ++i) {
        auto pick = try_pick_slot(hosts, locks);
        ASSERT_TRUE(pick.ok());
        ASSERT_TRUE(pick->has_value()) << i;
        picks.push_back(std::move(**pick));
    }
    std::vector<std::pair<std::string, int>> order;
    for (const HostPick& p : picks) order.emplace_back(p.host->hostname, p.slot);
    EXPECT_EQ(order, (std::vector<std::pair<std::string, int>>{{"a", 0}, {"b", 0}, {"a", 1}, {"b", 1}, {"b", 2}}));
    auto none = try_pick_slot(hosts, locks);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value()) << "all 5 slots are taken";
    picks[2].lock.release();  // a slot 1
    auto again = try_pick_slot(hosts, locks);
    ASSERT_TRUE(again.ok() && again->has_value());
    EXPECT_EQ((*again)->host, &a);
    EXPECT_EQ((*again)->slot, 1);
}

TEST(Slots, SlotsHeldByOtherProcessesAreSkipped) {
    HostSpec a = host(HostMode::tcp, "a", 2), b = host(HostMode::tcp, "b", 2);
    std::vector<const HostSpec*> hosts{&a, &b};
    FakeLocks locks;
    locks.foreign = {"cpu_tcp_a_3632_0", "cpu_tcp_b_3632_0"};
    auto pick = try_pick_slot(hosts, locks);
    ASSERT_TRUE(pick.ok() && pick->has_value());
    EXPECT_EQ((*pick)->host, &a);
    EXPECT_EQ((*pick)->slot, 1);
}

TEST(Slots, ReleasingTheLockFreesTheSlot) {
    HostSpec a = host(HostMode::tcp, "a", 1);
    std::vector<const HostSpec*> hosts{&a};
    FakeLocks locks;
    {
        auto pick = try_pick_slot(hosts, locks);
        ASSERT_TRUE(pick.ok() && pick->has_value());
        EXPECT_EQ(locks.held.size(), 1u);
    }
    EXPECT_TRUE(locks.held.empty()) << "SlotLock releases on destruction";
}

TEST(Slots, WaitsAndRetriesWhenEverythingIsBusy) {
    HostSpec a = host(HostMode::tcp, "a", 1);
    std::vector<const HostSpec*> hosts{&a};
    FakeLocks locks;
    locks.foreign = {"cpu_tcp_a_3632_0"};
    CountingPauser pauser;
    pauser.on_pause = [&] {
        if (pauser.calls == 3) locks.foreign.clear();
    };
    auto pick = wait_for_slot(hosts, locks, pauser, 250);
    ASSERT_TRUE(pick.ok());
    EXPECT_EQ(pauser.calls, 3);
    EXPECT_EQ(pauser.total_ms, 750);
}

TEST(Slots, ZeroPauseDoesNotSleep) {
    HostSpec a = host(HostMode::tcp, "a", 1);
    std::vector<const HostSpec*> hosts{&a};
    FakeLocks locks;
    locks.foreign = {"cpu_tcp_a_3632_0"};
    CountingPauser pauser;
    int passes = 0;
    // Free the slot after a few passes; count passes through the lock attempts.
    struct Releaser final : LockService {
        FakeLocks& inner;
        int& passes;
        Releaser(FakeLocks& l, int& p) : inner(l), passes(p) {}
        Result<std::optional<int>> try_lock(const std::string& name) override {
            if (++passes == 4) inner.foreign.clear();
            return inner.try_lock(name);
        }
        void unlock(int h) override { inner.unlock(h); }
    } releaser(locks, passes);
    auto pick = wait_for_slot(hosts, releaser, pauser, 0);
    ASSERT_TRUE(pick.ok());
    EXPECT_EQ(pauser.calls, 0);
    EXPECT_EQ(passes, 4);
}

TEST(Slots, LockErrorsAreReported) {
    HostSpec a = host(HostMode::tcp, "a", 1);
    std::vector<const HostSpec*> hosts{&a};
    FakeLocks locks;
    locks.broken = true;
    CountingPauser pauser;
    auto pick = wait_for_slot(hosts, locks, pauser, 10);
    ASSERT_FALSE(pick.ok());
    EXPECT_EQ(pick.error().code, ExitCode::io_error);
    EXPECT_FALSE(wait_for_slot({}, locks, pauser, 10).ok());
}

TEST(Slots, LocalPoolsShareTheLocalhostFiles) {
    FakeLocks locks;
    CountingPauser pauser;
    HostSpec localhost = host(HostMode::local, "localhost", 2);
    std::vector<const HostSpec*> hosts{&localhost};
    auto from_list = wait_for_slot(hosts, locks, pauser, 1);
    ASSERT_TRUE(from_list.ok());
    EXPECT_EQ(from_list->slot, 0);
    auto compile = wait_for_local_slot(4, locks, pauser, 1);
    ASSERT_TRUE(compile.ok());
    EXPECT_EQ(compile->slot, 1) << "slot 0 is held by the localhost host entry";
    auto cpp = wait_for_local_slot(8, locks, pauser, 1);
    ASSERT_TRUE(cpp.ok());
    EXPECT_EQ(cpp->slot, 2);
    EXPECT_EQ(locks.held, (std::set<std::string>{"cpu_localhost_0", "cpu_localhost_1", "cpu_localhost_2"}));
}

TEST(Backoff, SkipsRecentlyFailedDownAndUncheckableHosts) {
    std::vector<HostSpec> list{host(HostMode::tcp, "fresh", 4), host(HostMode::tcp, "old", 4),
                               host(HostMode::tcp, "recent", 4), host(HostMode::tcp, "down", 4),
                               host(HostMode::tcp, "broken", 4)};
    list[3].down = true;
    FakeBackoffStore store;
    store.ages["backoff_tcp_old_3632_0"] = 61;
    store.ages["backoff_tcp_recent_3632_0"] = 59;
    store.unreadable.insert("backoff_tcp_broken_3632_0");
    Backoff backoff(store, 60);
    std::vector<std::string> usable;
    for (const HostSpec* h : backoff.usable(list)) usable.push_back(h->hostname);
    EXPECT_EQ(usable, (std::vector<std::string>{"fresh", "old"}));
}

TEST(Backoff, DislikeMarksAndEnjoyClears) {
    std::vector<HostSpec> list{host(HostMode::tcp, "a", 4)};
    FakeBackoffStore store;
    Backoff backoff(store, 60);
    EXPECT_EQ(backoff.usable(list).size(), 1u);
    backoff.enjoy(list[0]);
    EXPECT_TRUE(store.removed.empty()) << "no mark was seen, so nothing to unlink";
    backoff.dislike(list[0]);
    EXPECT_EQ(store.touched, std::vector<std::string>{"backoff_tcp_a_3632_0"});
    EXPECT_TRUE(backoff.usable(list).empty());
    backoff.enjoy(list[0]);
    EXPECT_EQ(store.removed, std::vector<std::string>{"backoff_tcp_a_3632_0"});
    EXPECT_EQ(backoff.usable(list).size(), 1u);
}

TEST(Backoff, OldMarkIsRemovedOnSuccess) {
    std::vector<HostSpec> list{host(HostMode::tcp, "a", 4)};
    FakeBackoffStore store;
    store.ages["backoff_tcp_a_3632_0"] = 120;
    Backoff backoff(store, 60);
    ASSERT_EQ(backoff.usable(list).size(), 1u);
    backoff.enjoy(list[0]);
    EXPECT_EQ(store.removed, std::vector<std::string>{"backoff_tcp_a_3632_0"});
}

TEST(Backoff, PeriodZeroDisablesEverything) {
    std::vector<HostSpec> list{host(HostMode::tcp, "a", 4)};
    FakeBackoffStore store;
    store.ages["backoff_tcp_a_3632_0"] = 1;
    store.unreadable.insert("backoff_tcp_a_3632_0");
    Backoff backoff(store, 0);
    EXPECT_FALSE(backoff.enabled());
    EXPECT_EQ(backoff.usable(list).size(), 1u);
    backoff.dislike(list[0]);
    backoff.enjoy(list[0]);
    EXPECT_TRUE(store.touched.empty());
    EXPECT_TRUE(store.removed.empty());
}
