// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/remote_compile.cpp: one remote attempt against a scripted
// daemon at the other end of a socketpair (fakes.hpp FakeConnector).  What is sent
// (protocol 1 or 2, the server argv, the DOTI), and how each kind of reply or
// failure is judged: success with the object written, a compile error, a crash, a
// refused connect, a daemon that hangs up without answering, a broken reply.
#include "client/remote_compile.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/files.hpp"
#include "fakes.hpp"
#include "proto/messages.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;
using Kind = AttemptResult::Kind;

namespace {

using Words = std::vector<std::string>;

struct Attempt {
    test_support::ScratchDir scratch;
    HostSpec host;
    FakeConnector connector;
    StateWriter state{"", 0};
    std::string source_text = "int x;\n";

    Attempt() {
        host.mode = HostMode::tcp;
        host.hostname = "build1";
        host.text = "build1";
        host.limit = 4;
    }
    std::string output() const { return scratch.path() + "/foo.o"; }

    RemoteOutcome run() {
        std::string input = scratch.path() + "/foo.i";
        EXPECT_TRUE(files::write_file(input, source_text).ok());
        PreprocessedSource source = PreprocessedSource::already_preprocessed(input);
        RemoteRequest request{&host, 0, Words{"gcc", "-c", "foo.c", "-o", "foo.o"}, "foo.c", output()};
        RemoteSettings settings;
        settings.io_timeout_ms = 5000;  // a broken test fails instead of hanging
        return run_remote_attempt(request, source, settings, state, connector);
    }

    // The request the daemon received, parsed.
    proto::Request received() {
        std::string bytes = connector.request_bytes();
        proto::MemorySource in(bytes);
        auto request = proto::read_request(in, proto::Limits{});
        EXPECT_TRUE(request.ok()) << (request.ok() ? "" : request.error().message);
        return request.ok() ? *request : proto::Request{};
    }
};

proto::Reply reply(int version, uint32_t status, std::string doto = {}, std::string serr = {}) {
    proto::Reply r;
    r.version = version;
    r.status = status;
    r.doto = std::move(doto);
    r.serr = std::move(serr);
    return r;
}

}  // namespace

TEST(RemoteAttempt, SuccessSendsProtocol1AndWritesTheObject) {
    Attempt a;
    a.connector.reply_bytes = FakeConnector::encode(reply(1, 0, "OBJECT"));
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::success) << outcome.attempt.message;
    EXPECT_EQ(a.connector.opened, Words{"build1"});
    proto::Request sent = a.received();
    EXPECT_EQ(sent.version, 1);
    EXPECT_EQ(sent.argv, (Words{"gcc", "-c", "foo.c", "-o", "foo.o"}));
    EXPECT_EQ(sent.doti, "int x;\n");
    auto object = files::read_file(a.output(), 1 << 20);
    ASSERT_TRUE(object.ok());
    EXPECT_EQ(*object, "OBJECT");
}

TEST(RemoteAttempt, LzoHostSpeaksProtocol2) {
    Attempt a;
    a.host.lzo = true;
    a.connector.reply_bytes = FakeConnector::encode(reply(2, 0, "OBJECT"));
    EXPECT_EQ(a.run().attempt.kind, Kind::success);
    proto::Request sent = a.received();
    EXPECT_EQ(sent.version, 2);
    EXPECT_EQ(sent.doti, "int x;\n") << "compressed on the wire, the same text after decoding";
}

TEST(RemoteAttempt, CompileErrorKeepsTheServersStderrAndWritesNoObject) {
    Attempt a;
    a.connector.reply_bytes = FakeConnector::encode(reply(1, 1 << 8, "", "foo.c:1: error: x\n"));
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::compile_failed);
    EXPECT_EQ(outcome.attempt.exit_code, 1);
    EXPECT_EQ(outcome.server_stderr, "foo.c:1: error: x\n");
    EXPECT_FALSE(files::read_file(a.output(), 1 << 20).ok()) << "no object after a failure";
}

TEST(RemoteAttempt, SignalIsACrashNotACompileError) {
    Attempt a;
    a.connector.reply_bytes = FakeConnector::encode(reply(1, 11));
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::compiler_crashed);
    EXPECT_EQ(outcome.attempt.exit_code, 128 + 11);
}

TEST(RemoteAttempt, RefusedConnectIsATransportError) {
    Attempt a;
    a.connector.error = make_error(ExitCode::connect_failed, "nonblocking connect to 127.0.0.1:1 failed");
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::transport_error);
    EXPECT_EQ(outcome.attempt.error_code, ExitCode::connect_failed);
}

TEST(RemoteAttempt, HangUpWithoutAnswerIsNoAnswer) {
    Attempt a;  // the daemon sends nothing (a refused job, doc/protocol.md §8.2)
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::no_answer) << outcome.attempt.message;
}

TEST(RemoteAttempt, ABrokenReplyIsATransportError) {
    Attempt a;
    a.connector.reply_bytes = "DONE00000001STAT000";  // cut off
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::transport_error) << outcome.attempt.message;
}

TEST(RemoteAttempt, AReplyInAnotherVersionIsAProtocolError) {
    Attempt a;
    a.connector.reply_bytes = FakeConnector::encode(reply(2, 0, "OBJECT"));  // we sent version 1
    RemoteOutcome outcome = a.run();
    EXPECT_EQ(outcome.attempt.kind, Kind::transport_error);
    EXPECT_EQ(outcome.attempt.error_code, ExitCode::protocol_error) << outcome.attempt.message;
}
