// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/channel.cpp: records and passed descriptors between the
// dispatcher and a worker.
#include "daemon/channel.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace dcc;
using namespace dcc::daemon;

TEST(Channel, RecordWithDescriptor) {
    auto channel = make_channel();
    ASSERT_TRUE(channel.ok());
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    WorkOrder order;
    order.peer.length = 7;
    ASSERT_TRUE(send_record(channel->first.get(), &order, sizeof order, pipe_fds[1]).ok());
    ::close(pipe_fds[1]);
    WorkOrder got;
    UniqueFd fd;
    auto received = receive_record(channel->second.get(), &got, sizeof got, &fd);
    ASSERT_TRUE(received.ok());
    EXPECT_TRUE(*received);
    EXPECT_EQ(got.peer.length, 7u);
    ASSERT_TRUE(fd.valid());
    EXPECT_EQ(::write(fd.get(), "z", 1), 1);
    char c = 0;
    EXPECT_EQ(::read(pipe_fds[0], &c, 1), 1);
    EXPECT_EQ(c, 'z');
    EXPECT_TRUE(::fcntl(fd.get(), F_GETFD) & FD_CLOEXEC);
    ::close(pipe_fds[0]);
}

TEST(Channel, ReportsRoundTripAndEofIsFalse) {
    auto channel = make_channel();
    ASSERT_TRUE(channel.ok());
    JobOutcome outcome;
    outcome.category = JobCategory::compile_error;
    outcome.wait_status = 256;
    outcome.elapsed_ms = 12;
    outcome.compiler = "gcc";
    outcome.input = std::string(500, 'i');  // longer than the record holds
    JobReport report = make_report(outcome, 3);
    ASSERT_TRUE(send_record(channel->second.get(), &report, sizeof report, -1).ok());
    JobReport got;
    ASSERT_TRUE(*receive_record(channel->first.get(), &got, sizeof got, nullptr));
    JobOutcome back = outcome_of(got);
    EXPECT_EQ(back.category, JobCategory::compile_error);
    EXPECT_EQ(back.wait_status, 256);
    EXPECT_EQ(back.compiler, "gcc");
    EXPECT_EQ(back.input.size(), sizeof got.input - 1);
    EXPECT_EQ(got.accepted, 3);
    EXPECT_EQ(got.kind, JobReport::Kind::outcome);
    channel->second.reset();
    auto eof = receive_record(channel->first.get(), &got, sizeof got, nullptr);
    ASSERT_TRUE(eof.ok());
    EXPECT_FALSE(*eof);
}
