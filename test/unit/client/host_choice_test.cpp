// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/host_choice.cpp (the policy alone) and choose_slot in
// src/client/slots.cpp (the policy over fake slot locks and fake knowledge): slow
// hosts lose to fast ones, a host another tenant fills loses, unknown hosts are
// filled breadth-first in list order as by 3.4, and waiting beats a much slower host.
#include "client/host_choice.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "client/slots.hpp"
#include "fakes.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;

namespace {

HostView view(int limit, int busy, double job_sec = 0, double weight = 0) {
    HostView v;
    v.limit = limit;
    v.own_busy = busy;
    v.free_slot = busy < limit;
    v.facts.job_sec = job_sec;
    v.facts.weight = weight;
    return v;
}

class FakeKnowledge final : public HostKnowledge {
public:
    std::map<std::string, HostFacts> facts_by_host;
    std::vector<std::string> asked;
    std::vector<int> own_busy_seen;
    HostFacts facts(const HostSpec& host, int own_busy) override {
        asked.push_back(host.text);
        own_busy_seen.push_back(own_busy);
        return facts_by_host[host.text];
    }
    void job_done(const HostSpec&, double) override {}
    void job_failed(const HostSpec&) override {}
    // The backlog this machine's waiters see: grows by `backlog_step` per note.
    double backlog = 0;
    double backlog_step = 0;
    int waits_noted = 0;
    double note_waiting(double) override {
        ++waits_noted;
        double seen = backlog;
        backlog += backlog_step;
        return seen;
    }
};

HostSpec tcp(const std::string& name, int limit) {
    HostSpec h;
    h.mode = HostMode::tcp;
    h.hostname = name;
    h.text = name;
    h.port = 3632;
    h.limit = limit;
    return h;
}

}  // namespace

TEST(HostChoice, UnknownHostsFillBreadthFirstInListOrder) {
    std::vector<HostView> hosts{view(4, 1), view(4, 0), view(4, 0)};
    EXPECT_EQ(rank_hosts(hosts), (std::vector<std::size_t>{1, 2, 0}));
    auto choice = choose_host(hosts);
    ASSERT_TRUE(choice.take);
    EXPECT_EQ(*choice.take, 1u);
    EXPECT_EQ(*choose_host({view(4, 0), view(4, 0)}).take, 0u) << "a tie goes to the first listed";
}

TEST(HostChoice, FastHostBeatsSlowOneEvenWhenBusier) {
    std::vector<HostView> hosts{view(4, 0, 0.4, 3), view(4, 3, 0.1, 3)};
    EXPECT_EQ(*choose_host(hosts).take, 1u);
    EXPECT_GT(expected_completion(hosts[0], 0.1), expected_completion(hosts[1], 0.1));
}

TEST(HostChoice, UnknownHostIsAssumedAsFastAsTheFastestKnown) {
    std::vector<HostView> hosts{view(4, 0, 0.4, 3), view(4, 0)};
    EXPECT_DOUBLE_EQ(assumed_job_sec(hosts), 0.4);
    EXPECT_DOUBLE_EQ(assumed_job_sec({view(4, 0), view(2, 0)}), 1.0);
    EXPECT_DOUBLE_EQ(assumed_job_sec({view(4, 0, 0.2, 0.1)}), 1.0) << "too little weight to trust";
}

TEST(HostChoice, WaitsForAFastFullHostRatherThanTakingAMuchSlowerOne) {
    std::vector<HostView> hosts{view(4, 4, 0.1, 3), view(4, 0, 0.4, 3)};
    auto choice = choose_host(hosts);
    EXPECT_FALSE(choice.take) << "waiting for a 0.1 s host beats 0.4 s now";
    EXPECT_DOUBLE_EQ(choice.best_job_sec, 0.1);
    hosts[1].facts.job_sec = 0.11;
    ASSERT_TRUE(choose_host(hosts).take) << "a nearly as fast free host is taken";
    EXPECT_EQ(*choose_host(hosts).take, 1u);
    EXPECT_FALSE(choose_host({view(2, 2), view(2, 2)}).take) << "nothing free";
}

TEST(HostChoice, ALastingBacklogTakesASlowerFreeHost) {
    // Every fast slot is locked here, a 4x slower host is idle: a job alone waits
    // (it finishes sooner on the fast host) ...
    std::vector<HostView> hosts{view(4, 4, 1.0, 3), view(4, 0, 4.0, 3)};
    auto choice = choose_host(hosts);
    EXPECT_FALSE(choice.take);
    ASSERT_TRUE(choice.backlog_due);
    EXPECT_DOUBLE_EQ(*choice.backlog_due, k_backlog_jobs * 1.0);
    choice = choose_host(hosts, 1.0);
    EXPECT_FALSE(choice.take) << "a backlog of one job time is a single wave of make -j";
    EXPECT_NEAR(*choice.backlog_due, k_backlog_jobs - 1.0, 1e-9);
    // ... but once this machine's jobs have waited longer, the slow slot adds capacity.
    choice = choose_host(hosts, k_backlog_jobs);
    ASSERT_TRUE(choice.take);
    EXPECT_EQ(*choice.take, 1u);
    EXPECT_FALSE(choice.backlog_due);
    EXPECT_FALSE(choose_host({view(4, 4, 1.0, 3), view(4, 4, 4.0, 3)}, 10).take) << "nothing free";
    EXPECT_FALSE(choose_host({view(4, 4, 1.0, 3), view(4, 4, 4.0, 3)}).backlog_due);
    EXPECT_FALSE(choose_host({view(4, 3, 1.0, 3), view(4, 0, 4.0, 3)}).backlog_due) << "the fast host is free";
}

TEST(HostChoice, PublishedLoadOfAnotherTenantCounts) {
    HostView tenant = view(4, 0);
    tenant.facts.published = proto::LoadReport{3632, 4, 4, 0, 0.5, 4};
    HostView idle = view(4, 0);
    idle.facts.published = proto::LoadReport{3632, 4, 0, 0, 0.5, 4};
    EXPECT_EQ(*choose_host({tenant, idle}).take, 1u) << "the first host is full of someone else's jobs";
    // Our own locks and published jobs are not added: the daemon's count includes
    // ours as they were when it was asked.
    HostView ours = view(4, 2);
    ours.facts.published = proto::LoadReport{3632, 4, 2, 0, 0.5, 4};
    ours.facts.own_at_probe = 2;
    EXPECT_DOUBLE_EQ(expected_completion(ours, 1.0), expected_completion(view(4, 2), 1.0));
    // A published count from before one of our jobs ended does not hide its free slot.
    HostView stale = view(4, 3, 1.0, 3);
    stale.facts.published = proto::LoadReport{3632, 4, 4, 0, 0.5, 4};
    stale.facts.own_at_probe = 4;
    EXPECT_EQ(*choose_host({stale, view(4, 0, 4.0, 3)}).take, 0u) << "the slot our job gave back is free";
    // Other clients' jobs (published beyond ours) add to ours now.
    HostView shared = view(4, 1);
    shared.facts.published = proto::LoadReport{3632, 4, 3, 0, 0.5, 4};
    shared.facts.own_at_probe = 1;
    EXPECT_DOUBLE_EQ(expected_completion(shared, 1.0), expected_completion(view(4, 3), 1.0));
    // A machine loaded beyond its processors is slower.
    HostView loaded = idle;
    loaded.facts.published->load1 = 8;
    EXPECT_EQ(*choose_host({loaded, idle}).take, 1u);
}

TEST(HostChoice, FailuresMakeAHostLessAttractive) {
    HostView failing = view(4, 0, 0.1, 3);
    failing.facts.failures = 1;
    EXPECT_EQ(*choose_host({failing, view(4, 0, 0.15, 3)}).take, 1u);
}

TEST(HostChoice, TiesAmongPublishingHostsAreShuffledPerClient) {
    HostView ours = view(4, 0);
    ours.facts.published = proto::LoadReport{3632, 4, 0, 0, 0.5, 4};
    // Hosts 0 and 3 publish nothing (distcc 3.4): they keep their places.
    std::vector<HostView> hosts{view(4, 0), ours, ours, view(4, 0), ours, ours};
    std::set<std::size_t> firsts;
    for (unsigned seed = 1; seed <= 64; ++seed) {
        shuffle_ties(hosts, seed);
        EXPECT_EQ(hosts[0].tie, 0);
        EXPECT_EQ(hosts[3].tie, 3);
        std::set<int> places{hosts[1].tie, hosts[2].tie, hosts[4].tie, hosts[5].tie};
        EXPECT_EQ(places, (std::set<int>{1, 2, 4, 5})) << "a permutation of their own places";
        std::vector<HostView> publishing{hosts[1], hosts[2], hosts[4], hosts[5]};
        firsts.insert(rank_hosts(publishing).front());
        EXPECT_EQ(rank_hosts(hosts).front(), 0u) << "the first listed 3.4 host still comes first";
    }
    EXPECT_EQ(firsts.size(), 4u) << "every equally good host is some client's first choice";
    // Ties only: a better host is first whatever the seed.
    hosts[4].own_busy = 0;
    hosts[1].own_busy = 2;
    hosts[2].own_busy = 2;
    hosts[5].own_busy = 2;
    hosts[0].own_busy = 2;
    hosts[3].own_busy = 2;
    for (unsigned seed = 1; seed <= 8; ++seed) {
        shuffle_ties(hosts, seed);
        EXPECT_EQ(rank_hosts(hosts).front(), 4u);
    }
}

TEST(ChooseSlot, TakesTheFastHostsSlotsFirstThenWaitsForThem) {
    FakeLocks locks;
    CountingPauser pauser;
    FakeKnowledge knowledge;
    HostSpec slow = tcp("slow", 2), fast = tcp("fast", 2);
    knowledge.facts_by_host["slow"] = HostFacts{0.4, 3, 0, std::nullopt, 0};
    knowledge.facts_by_host["fast"] = HostFacts{0.1, 3, 0, std::nullopt, 0};
    std::vector<const HostSpec*> hosts{&slow, &fast};
    std::vector<HostPick> picks;
    for (int i = 0; i < 2; ++i) {
        auto pick = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
        ASSERT_TRUE(pick);
        EXPECT_EQ(pick->host, &fast);
        EXPECT_EQ(pick->slot, i);
        picks.push_back(std::move(*pick));
    }
    EXPECT_EQ(locks.held.size(), 2u) << "probing the other slots released them";
    // Both fast slots are taken: the next client waits; free one while it does.
    pauser.on_pause = [&] { picks.front().lock.release(); };
    auto pick = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->host, &fast);
    EXPECT_EQ(pick->slot, 0);
    EXPECT_EQ(pauser.calls, 1);
    EXPECT_EQ(pauser.total_ms, 25) << "polls at a quarter of the fast host's job time";
}

TEST(ChooseSlot, AWaitingJobTakesTheSlowHostWhenTheBacklogLasts) {
    FakeLocks locks;
    CountingPauser pauser;
    FakeKnowledge knowledge;
    HostSpec slow = tcp("slow", 1), fast = tcp("fast", 1);
    knowledge.facts_by_host["slow"] = HostFacts{4.0, 3, 0, std::nullopt, 0};
    knowledge.facts_by_host["fast"] = HostFacts{1.0, 3, 0, std::nullopt, 0};
    std::vector<const HostSpec*> hosts{&slow, &fast};
    auto first = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->host, &fast);
    EXPECT_EQ(knowledge.waits_noted, 0) << "a job that does not wait notes nothing";
    // The fast slot stays busy: the next job waits, noting a backlog 0.6 s longer each
    // pass (0, 0.6, 1.2, 1.8), and takes the slow host on the pass that sees >= 1.25 s.
    knowledge.backlog_step = 0.6;
    auto second = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->host, &slow);
    EXPECT_EQ(knowledge.waits_noted, 4);
    EXPECT_EQ(pauser.calls, 3);
    EXPECT_EQ(pauser.total_ms, 250 + 250 + 51) << "the last wait ends when the backlog is due";
}

TEST(ChooseSlot, CountsThisMachinesJobsPastAFreeLowSlot) {
    FakeLocks locks;
    CountingPauser pauser;
    FakeKnowledge knowledge;
    HostSpec a = tcp("a", 4);
    std::vector<const HostSpec*> hosts{&a};
    std::vector<HostPick> picks;
    for (int i = 0; i < 4; ++i) {
        auto pick = choose_slot(hosts, locks, knowledge, pauser, 10, 1);
        ASSERT_TRUE(pick);
        picks.push_back(std::move(*pick));
    }
    picks[0].lock.release();  // the job on slot 0 ended first
    picks[2].lock.release();
    knowledge.own_busy_seen.clear();
    auto pick = choose_slot(hosts, locks, knowledge, pauser, 10, 1);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->slot, 0);
    EXPECT_EQ(knowledge.own_busy_seen, (std::vector<int>{2})) << "slots 1 and 3 are held here";
    EXPECT_EQ(locks.held.size(), 3u) << "slot 2, also free, was let go";
}

TEST(ChooseSlot, APickAnnouncesTheFreeSlotsItHeldOfOtherHosts) {
    // A pass holds the first free slot of every host until it chooses; another client
    // passing meanwhile counts those as busy.  Letting them go after a pick must wake
    // waiters; a pick that held nothing else announces nothing.
    FakeLocks locks;
    CountingPauser pauser;
    FakeKnowledge knowledge;
    HostSpec slow = tcp("slow", 2), fast = tcp("fast", 2);
    knowledge.facts_by_host["slow"] = HostFacts{4.0, 3, 0, std::nullopt, 0};
    knowledge.facts_by_host["fast"] = HostFacts{1.0, 3, 0, std::nullopt, 0};
    std::vector<const HostSpec*> hosts{&slow, &fast};
    auto first = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->host, &fast);
    EXPECT_EQ(locks.announced, (std::vector<std::string>{slot_lock_name(slow, 0)}));
    locks.announced.clear();
    locks.foreign.insert(slot_lock_name(slow, 0));
    locks.foreign.insert(slot_lock_name(slow, 1));
    auto second = choose_slot(hosts, locks, knowledge, pauser, 1000, 1);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->host, &fast);
    EXPECT_TRUE(locks.announced.empty()) << "no other free slot was held";
}

TEST(ChooseSlot, LockErrorsAndEmptyListsAreErrors) {
    FakeLocks locks;
    CountingPauser pauser;
    FakeKnowledge knowledge;
    HostSpec a = tcp("a", 2);
    EXPECT_FALSE(choose_slot({}, locks, knowledge, pauser, 10, 1));
    locks.broken = true;
    EXPECT_FALSE(choose_slot({&a}, locks, knowledge, pauser, 10, 1));
}
