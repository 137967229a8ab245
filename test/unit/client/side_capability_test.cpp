// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for client/side_capability (doc/protocol.md §16.1): one probe per host, its
// answer cached as an xcap mark and believed for an hour, an unknown answer not
// cached, a probe in progress elsewhere waited for, a "yes" forgotten on demand.
#include "client/side_capability.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace dcc::client {
namespace {

struct World {
    fakes::FakeLocks locks;
    fakes::FakeBackoffStore marks;
    fakes::CountingPauser pauser;
    int probes = 0;
    std::optional<std::uint32_t> answer = 1;  // XCAP bits
    SideSupport ask(const std::string& key = "tcp_h_3632", std::uint32_t needed = 1) {
        return side_support(
            key, locks, marks, pauser,
            [this] {
                ++probes;
                return answer;
            },
            needed);
    }
};

TEST(SideCapability, OneProbeThenTheCache) {
    World w;
    EXPECT_EQ(w.ask(), SideSupport::yes);
    EXPECT_EQ(w.ask(), SideSupport::yes);
    EXPECT_EQ(w.probes, 1);
    EXPECT_TRUE(w.marks.marked("xcap1_tcp_h_3632"));
    EXPECT_TRUE(w.locks.held.empty());  // the probe lock is released
    w.marks.advance(k_side_answer_lifetime_sec + 1);
    w.answer = 0;
    EXPECT_EQ(w.ask(), SideSupport::no);
    EXPECT_EQ(w.probes, 2);
    EXPECT_FALSE(w.marks.marked("xcap1_tcp_h_3632"));
    EXPECT_TRUE(w.marks.marked("xcap0_tcp_h_3632"));
}

TEST(SideCapability, CoverageNeedsItsBit) {
    World w;
    EXPECT_EQ(w.ask("tcp_h_3632", 3), SideSupport::no);  // an extension host without coverage
    EXPECT_EQ(w.ask("tcp_h_3632", 1), SideSupport::yes);
    EXPECT_EQ(w.probes, 1);
    w.marks.advance(k_side_answer_lifetime_sec + 1);
    w.answer = 3 | 0x80;  // unknown bits are not recorded
    EXPECT_EQ(w.ask("tcp_h_3632", 3), SideSupport::yes);
    EXPECT_TRUE(w.marks.marked("xcap3_tcp_h_3632"));
    EXPECT_FALSE(w.marks.marked("xcap1_tcp_h_3632"));
    EXPECT_EQ(w.ask("tcp_h_3632", 1), SideSupport::yes);
    EXPECT_EQ(w.probes, 2);
    forget_side_support("tcp_h_3632", w.marks);
    EXPECT_FALSE(w.marks.marked("xcap3_tcp_h_3632"));
    // clang coverage has a bit of its own (doc/protocol.md §16.7).
    w.answer = 7;
    EXPECT_EQ(w.ask("tcp_h_3632", 5), SideSupport::yes);
    EXPECT_TRUE(w.marks.marked("xcap7_tcp_h_3632"));
    EXPECT_EQ(w.ask("tcp_h_3632", 3), SideSupport::yes);
    forget_side_support("tcp_h_3632", w.marks);
    w.marks.advance(k_side_answer_lifetime_sec + 1);
    w.answer = 3;  // a daemon of ours from before §16.7
    EXPECT_EQ(w.ask("tcp_h_3632", 5), SideSupport::no);
    w.marks.advance(k_side_answer_lifetime_sec + 1);
    w.answer = 5;
    EXPECT_EQ(w.ask("tcp_h_3632", 5), SideSupport::yes);
    EXPECT_TRUE(w.marks.marked("xcap5_tcp_h_3632"));
    EXPECT_EQ(w.ask("tcp_h_3632", 3), SideSupport::no);
    forget_side_support("tcp_h_3632", w.marks);
    EXPECT_FALSE(w.marks.marked("xcap5_tcp_h_3632"));
    // A coverage bit without the extension's is no extension at all.
    w.answer = 2;
    EXPECT_EQ(w.ask("tcp_h_3632", 3), SideSupport::no);
    EXPECT_TRUE(w.marks.marked("xcap0_tcp_h_3632"));
}

TEST(SideCapability, UnknownIsNotCached) {
    World w;
    w.answer = std::nullopt;
    EXPECT_EQ(w.ask(), SideSupport::unknown);
    EXPECT_EQ(w.ask(), SideSupport::unknown);
    EXPECT_EQ(w.probes, 2);
    EXPECT_TRUE(w.marks.touched.empty());
}

TEST(SideCapability, WaitsForAnotherProber) {
    World w;
    w.locks.foreign.insert("xcapprobe_tcp_h_3632");
    w.pauser.on_pause = [&] {
        if (w.pauser.calls == 3) w.marks.ages["xcap0_tcp_h_3632"] = 0;  // the other client's answer
    };
    EXPECT_EQ(w.ask(), SideSupport::no);
    EXPECT_EQ(w.probes, 0);
    EXPECT_EQ(w.pauser.calls, 3);
}

TEST(SideCapability, ProbesItselfAfterWaitingTooLong) {
    World w;
    w.locks.foreign.insert("xcapprobe_tcp_h_3632");
    EXPECT_EQ(w.ask(), SideSupport::yes);
    EXPECT_EQ(w.probes, 1);
    EXPECT_LE(w.pauser.total_ms, k_probe_wait_ms + 100);
}

TEST(SideCapability, ForgetDropsYes) {
    World w;
    EXPECT_EQ(w.ask(), SideSupport::yes);
    forget_side_support("tcp_h_3632", w.marks);
    EXPECT_EQ(w.ask(), SideSupport::yes);
    EXPECT_EQ(w.probes, 2);
}

}  // namespace
}  // namespace dcc::client
