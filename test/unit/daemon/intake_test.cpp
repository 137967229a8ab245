// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the request intake (src/daemon/intake.cpp): when a connection is ready
// for a compile slot, what it hands over, and every rule that closes a connection
// (silence, trickling, the whole-request deadline, the table and spool caps), driven
// with explicit times over socket pairs (fakes.hpp).
#include "daemon/intake.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::daemon;
using fakes::FakeConnection;

namespace {

IntakeSettings small_settings(const std::string& dir) {
    IntakeSettings s;
    s.spool_dir = dir;
    s.idle_timeout_ms = 5000;
    s.request_timeout_ms = 60000;
    s.min_rate = 100;
    s.rate_window_ms = 10000;
    return s;
}

const std::vector<std::string> k_argv = {"gcc", "-c", "x.c", "-o", "x.o"};

}  // namespace

TEST(Intake, ReadyExactlyWhenTheRequestIsCompleteAndHandsOverItsBytes) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    std::string request = fakes::wire_request(1, k_argv, "int x;\n");
    conn.send(request.substr(0, request.size() - 1));
    EXPECT_EQ(intake.on_readable(fd, 10), Intake::Progress::reading);
    EXPECT_FALSE(intake.take(fd));
    conn.send(request.substr(request.size() - 1));
    EXPECT_EQ(intake.on_readable(fd, 20), Intake::Progress::ready);
    auto ready = intake.take(fd);
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->client.get(), fd);
    ASSERT_TRUE(ready->spool.valid());
    EXPECT_EQ(fakes::read_whole(ready->spool.get()), request);
    EXPECT_EQ(ready->bytes, request.size());
    EXPECT_EQ(intake.size(), 0u);
    EXPECT_EQ(intake.memory_in_use(), 0u);
    EXPECT_EQ(intake.spool_in_use(), 0u);
    EXPECT_EQ(intake.next_check_ms(), -1);
}

TEST(Intake, LargeRequestsSpillToTheFileWithinTheMemoryBudget) {
    test_support::ScratchDir dir;
    IntakeSettings settings = small_settings(dir.path());
    settings.memory_per_connection = 1000;
    Intake intake(settings);
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    std::string request = fakes::wire_request(1, k_argv, std::string(5000, 'y'));
    std::size_t at = 0;
    for (; at + 300 < request.size(); at += 300) {
        conn.send(request.substr(at, 300));
        ASSERT_EQ(intake.on_readable(fd, 1), Intake::Progress::reading);
        EXPECT_LE(intake.memory_in_use(), 1000u);
    }
    EXPECT_GT(intake.spool_in_use(), 3000u);
    conn.send(request.substr(at));
    ASSERT_EQ(intake.on_readable(fd, 2), Intake::Progress::ready);
    auto ready = intake.take(fd);
    ASSERT_TRUE(ready);
    EXPECT_EQ(fakes::read_whole(ready->spool.get()), request);
}

TEST(Intake, SpoolTotalCapClosesTheConnection) {
    test_support::ScratchDir dir;
    IntakeSettings settings = small_settings(dir.path());
    settings.memory_per_connection = 100;
    settings.spool_total = 500;
    Intake intake(settings);
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    std::string request = fakes::wire_request(1, k_argv, std::string(5000, 'y'));
    conn.send(request.substr(0, 2000));
    EXPECT_EQ(intake.on_readable(fd, 1), Intake::Progress::closed);
    EXPECT_EQ(intake.size(), 0u);
    EXPECT_EQ(intake.spool_in_use(), 0u);
    EXPECT_TRUE(conn.closed_by_daemon());
}

TEST(Intake, SilenceClosesAfterTheIdleTimeout) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 1000);
    conn.send("DIST00000001AR");
    EXPECT_EQ(intake.on_readable(fd, 2000), Intake::Progress::reading);
    EXPECT_EQ(intake.expire(6999), 0u);
    EXPECT_EQ(intake.next_check_ms(), 7000);
    EXPECT_EQ(intake.expire(7000), 1u);
    EXPECT_EQ(intake.size(), 0u);
    EXPECT_TRUE(conn.closed_by_daemon());
}

TEST(Intake, TricklingInsideAPacketIsClosed) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    // One byte of a header every 4 s: within the idle timeout, far below 100 bytes/s.
    conn.send("DIST00000001A");
    intake.on_readable(fd, 0);
    int64_t now = 0;
    while (intake.size() > 0 && now < 60000) {
        now += 4000;
        conn.send("0");
        intake.on_readable(fd, now);
        intake.expire(now);
    }
    // The window starts when the packet opens (0): judged at the first check after 10000.
    EXPECT_EQ(now, 12000);
    EXPECT_TRUE(conn.closed_by_daemon());
}

TEST(Intake, PausingBetweenPacketsSurvivesTheRateRule) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    std::string request = fakes::wire_request(1, k_argv, "int x;\n");
    // The header packets (DIST, ARGC, ARGV...) one every 4 s: never mid-packet at a check.
    std::size_t doti = request.find("DOTI");
    std::size_t at = 0;
    int64_t now = 0;
    while (at < doti) {
        std::size_t next = std::min(doti, at + 12);
        if (request.compare(at, 4, "ARGV") == 0) next = at + 12 + std::stoul(request.substr(at + 4, 8), nullptr, 16);
        conn.send(request.substr(at, next - at));
        ASSERT_EQ(intake.on_readable(fd, now), Intake::Progress::reading);
        at = next;
        now += 4000;
        ASSERT_EQ(intake.expire(now), 0u) << now;
    }
    conn.send(request.substr(doti));
    EXPECT_EQ(intake.on_readable(fd, now), Intake::Progress::ready);
}

TEST(Intake, WholeRequestDeadline) {
    test_support::ScratchDir dir;
    IntakeSettings settings = small_settings(dir.path());
    settings.request_timeout_ms = 20000;
    Intake intake(settings);
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    conn.send("DIST00000001ARGC00000100");
    int64_t now = 0;
    for (; now < 30000 && intake.size() > 0; now += 2000) {
        conn.send("ARGV00000000");
        intake.on_readable(fd, now);
        intake.expire(now);
    }
    EXPECT_EQ(intake.size(), 0u);
    EXPECT_EQ(now, 22000);  // closed at the check of 20000
    EXPECT_TRUE(conn.closed_by_daemon());
}

TEST(Intake, FullTableClosesTheOldestConnection) {
    test_support::ScratchDir dir;
    IntakeSettings settings = small_settings(dir.path());
    settings.max_connections = 2;
    Intake intake(settings);
    auto a = FakeConnection::open(), b = FakeConnection::open(), c = FakeConnection::open();
    intake.admit(std::move(a.server), fakes::fake_peer(), 1);
    intake.admit(std::move(b.server), fakes::fake_peer(), 2);
    intake.admit(std::move(c.server), fakes::fake_peer(), 3);
    EXPECT_EQ(intake.size(), 2u);
    EXPECT_TRUE(a.closed_by_daemon());
    EXPECT_FALSE(b.closed_by_daemon());
    EXPECT_FALSE(c.closed_by_daemon());
}

TEST(Intake, EofDecidesByWhatArrived) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto probe = FakeConnection::open(), cut = FakeConnection::open(), garbage = FakeConnection::open();
    int p = probe.server.get(), c = cut.server.get(), g = garbage.server.get();
    intake.admit(std::move(probe.server), fakes::fake_peer(), 0);
    intake.admit(std::move(cut.server), fakes::fake_peer(), 0);
    intake.admit(std::move(garbage.server), fakes::fake_peer(), 0);
    probe.client.reset();  // a port probe: nothing, then EOF
    EXPECT_EQ(intake.on_readable(p, 1), Intake::Progress::closed);
    cut.send("DIST00000001ARGC0000");  // cut short: the client left, no job
    cut.client.reset();
    EXPECT_EQ(intake.on_readable(c, 1), Intake::Progress::closed);
    garbage.send("GET / HTTP/1.0\r\n\r\n");  // settled at once, the connection still open
    EXPECT_EQ(intake.on_readable(g, 1), Intake::Progress::ready);
    EXPECT_EQ(fakes::read_whole(intake.take(g)->spool.get()), "GET / HTTP/1.0\r\n\r\n");
    EXPECT_EQ(intake.size(), 0u);
}

TEST(Intake, ProtocolThreeIsReadWholeWhenPumpModeIsServed) {
    test_support::ScratchDir dir;
    Intake intake(small_settings(dir.path()));
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    conn.send("DIST00000003CDIR00000004/tmp");
    EXPECT_EQ(intake.on_readable(fd, 1), Intake::Progress::reading);
    std::string rest = "ARGC00000001ARGV00000003gccNFIL00000001NAME00000006/tmp/aFILE00000000";
    conn.send(rest);
    EXPECT_EQ(intake.on_readable(fd, 2), Intake::Progress::ready);
    EXPECT_EQ(fakes::read_whole(intake.take(fd)->spool.get()), "DIST00000003CDIR00000004/tmp" + rest);
}

TEST(Intake, ProtocolThreeIsHandedOnAfterDistWhenPumpModeIsNotServed) {
    test_support::ScratchDir dir;
    auto settings = small_settings(dir.path());
    settings.serves_protocol_3 = false;
    Intake intake(settings);
    auto conn = FakeConnection::open();
    int fd = conn.server.get();
    intake.admit(std::move(conn.server), fakes::fake_peer(), 0);
    conn.send("DIST00000003CDIR00000004/tmp");
    EXPECT_EQ(intake.on_readable(fd, 1), Intake::Progress::ready);
    EXPECT_EQ(fakes::read_whole(intake.take(fd)->spool.get()), "DIST00000003CDIR00000004/tmp");
}
