// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/host_observations.cpp: the record format and its refusal of
// torn files, decay, the decayed mean of job times, failures, the once-per-interval
// probe claim shared by two stores (two clients), the bounded file size, and the
// machine's backlog of waiting jobs.
#include "client/host_observations.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/scratch_dir.hpp"

using namespace dcc::client;

namespace {

std::string slurp(const std::string& file) {
    std::ifstream in(file);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(HostObservations, RecordRoundTripsAndTornTextIsRefused) {
    HostRecord r;
    r.updated = 1000.5;
    r.job_sec = 0.25;
    r.weight = 3;
    r.failures = 0.5;
    r.probed_at = 999;
    r.published = dcc::proto::LoadReport{3632, 4, 2, 1, 0.75, 8};
    r.own_at_probe = 3;
    std::string text = format_record(r);
    EXPECT_LE(text.size(), k_record_size);
    auto back = parse_record(text);
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->job_sec, 0.25);
    EXPECT_DOUBLE_EQ(back->weight, 3);
    ASSERT_TRUE(back->published);
    EXPECT_EQ(back->published->running, 2);
    EXPECT_EQ(back->published->cpus, 8);
    EXPECT_EQ(back->own_at_probe, 3);
    EXPECT_FALSE(parse_record(text.substr(0, text.size() / 2))) << "torn record";
    EXPECT_FALSE(parse_record(text.substr(0, text.size() - 1))) << "no final newline";
    EXPECT_FALSE(parse_record("garbage\n"));
    EXPECT_FALSE(parse_record(""));
    r.published.reset();
    back = parse_record(format_record(r));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->published);
}

TEST(HostObservations, WeightsHalveEveryHalfLife) {
    HostRecord r;
    r.updated = 100;
    r.weight = 4;
    r.failures = 2;
    r.job_sec = 1.5;
    HostRecord later = r.decayed(100 + k_observation_half_life_sec);
    EXPECT_NEAR(later.weight, 2, 1e-9);
    EXPECT_NEAR(later.failures, 1, 1e-9);
    EXPECT_DOUBLE_EQ(later.job_sec, 1.5) << "the mean itself does not decay";
    EXPECT_DOUBLE_EQ(r.decayed(50).weight, 4) << "a clock that went back changes nothing";
}

TEST(HostObservations, StoreKeepsADecayedMeanPerHost) {
    dcc::test_support::ScratchDir dir;
    ObservationStore store(dir.path(), false);
    EXPECT_EQ(store.read("tcp_a_1", 10).weight, 0) << "nothing known yet";
    store.record_job("tcp_a_1", 1.0, 10);
    store.record_job("tcp_a_1", 2.0, 10);
    store.record_job("tcp_b_1", 0.1, 10);
    HostRecord a = store.read("tcp_a_1", 10);
    EXPECT_NEAR(a.job_sec, 1.5, 1e-6);
    EXPECT_NEAR(a.weight, 2, 1e-6);
    EXPECT_NEAR(store.read("tcp_b_1", 10).job_sec, 0.1, 1e-6);
    // History is capped: ten fast jobs after a slow past bring the mean near them.
    for (int i = 0; i < 10; ++i) store.record_job("tcp_a_1", 0.2, 11);
    EXPECT_LT(store.read("tcp_a_1", 11).job_sec, 0.3);
    store.record_failure("tcp_a_1", 11);
    EXPECT_NEAR(store.read("tcp_a_1", 11).failures, 1, 1e-6);
    EXPECT_NEAR(store.read("tcp_a_1", 11 + 2 * k_observation_half_life_sec).failures, 0.25, 1e-6);
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("hostload/tcp_a_1").c_str(), &st), 0);
    EXPECT_LE(static_cast<std::size_t>(st.st_size), k_record_size) << "one record, rewritten in place";
}

TEST(HostObservations, ACorruptFileCountsAsEmptyAndIsRepaired) {
    dcc::test_support::ScratchDir dir;
    ObservationStore store(dir.path(), false);
    store.record_job("tcp_a_1", 1.0, 10);
    {
        std::ofstream out(dir.file("hostload/tcp_a_1"), std::ios::trunc);
        out << "hl2 12 0.5";  // a writer died mid-record
    }
    EXPECT_EQ(store.read("tcp_a_1", 10).weight, 0);
    store.record_job("tcp_a_1", 0.5, 10);
    EXPECT_NEAR(store.read("tcp_a_1", 10).job_sec, 0.5, 1e-6);
    EXPECT_TRUE(parse_record(slurp(dir.file("hostload/tcp_a_1"))));
}

TEST(HostObservations, OneProbePerIntervalForAllClients) {
    dcc::test_support::ScratchDir dir;
    ObservationStore first(dir.path(), false);
    ObservationStore second(dir.path(), false);
    EXPECT_TRUE(first.claim_probe("tcp_a_1", 100, 2));
    EXPECT_FALSE(second.claim_probe("tcp_a_1", 100.5, 2)) << "the other client asked 0.5 s ago";
    EXPECT_TRUE(second.claim_probe("tcp_b_1", 100.5, 2)) << "per host";
    second.record_probe("tcp_a_1", dcc::proto::LoadReport{1, 4, 4, 0, 0, 0}, 100.1, 2);
    HostRecord seen = first.read("tcp_a_1", 100.6);
    ASSERT_TRUE(seen.published);
    EXPECT_EQ(seen.published->running, 4);
    EXPECT_EQ(seen.own_at_probe, 2) << "this machine's share of those 4 when asked";
    EXPECT_TRUE(second.claim_probe("tcp_a_1", 102.2, 2));
    first.record_probe("tcp_a_1", std::nullopt, 102.3, 0);
    EXPECT_FALSE(first.read("tcp_a_1", 102.3).published) << "a 3.4 daemon publishes nothing";
}

TEST(HostObservations, TheBacklogLastsWhileWaitersOverlapAndEndsAfterAGap) {
    dcc::test_support::ScratchDir dir;
    ObservationStore first(dir.path(), false);
    ObservationStore second(dir.path(), false);
    EXPECT_DOUBLE_EQ(first.note_waiting(100, 0.5), 0) << "the first waiter starts the backlog";
    EXPECT_NEAR(second.note_waiting(100.4, 0.5), 0.4, 1e-6) << "another client's waiter joins it";
    EXPECT_NEAR(first.note_waiting(100.8, 0.5), 0.8, 1e-6);
    EXPECT_DOUBLE_EQ(second.note_waiting(101.5, 0.5), 0) << "nobody waited for 0.7 s: a new backlog";
    EXPECT_NEAR(first.note_waiting(101.6, 0.5), 0.1, 1e-6);
    {
        std::ofstream out(dir.file("hostload/backlog"), std::ios::trunc);
        out << "bl1 zz";  // torn
    }
    EXPECT_DOUBLE_EQ(first.note_waiting(101.7, 0.5), 0);
    EXPECT_NEAR(second.note_waiting(101.9, 0.5), 0.2, 1e-6) << "and repaired";
    EXPECT_DOUBLE_EQ(ObservationStore("", true).note_waiting(10, 1), 0);
}

TEST(HostObservations, NoDistccDirMeansNoMemory) {
    ObservationStore store("", true);
    store.record_job("tcp_a_1", 1.0, 10);
    EXPECT_EQ(store.read("tcp_a_1", 10).weight, 0);
    EXPECT_FALSE(store.claim_probe("tcp_a_1", 10, 2));
}
