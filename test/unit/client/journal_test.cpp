// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/journal.cpp: the JSON line (fields, escaping, one line),
// phase accounting with a fake clock, and appending -- short lines whole, long lines
// only under the file's flock().
#include "client/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/fd.hpp"
#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;

namespace {

double g_now = 0;
double fake_now() { return g_now; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(Journal, LineHasEveryFieldAndEscapesStrings) {
    JournalRecord r;
    r.time = 1700000000.5;
    r.duration = 0.25;
    r.pid = 77;
    r.cwd = "/src/dir \"q\"";
    r.argv = {"gcc", "-DX=\"a\\b\"", "-c", "t\tab.c"};
    r.input = "t\tab.c";
    r.output = "t\tab.o";
    r.mode = "plain-after-pump";
    r.host = "build1,lzo";
    r.slot = 2;
    r.protocol = 2;
    r.compression = "lzo";
    r.outcome = "fallback";
    r.exit_code = 1;
    r.reason = "server provided no answer";
    r.failed_attempts = {{"build1,lzo", "connect failed"}};
    r.backed_off = {"build2"};
    r.bytes_sent = 1234;
    r.bytes_received = 56;
    r.phase_seconds[static_cast<std::size_t>(JournalPhase::connect)] = 0.001;
    r.phase_seconds[static_cast<std::size_t>(JournalPhase::receive)] = 1.9999996;  // rounds up
    r.spans = {{JournalPhase::connect, 0.0005, 0.001}};
    std::string line = to_json_line(r);
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
    EXPECT_TRUE(contains(line, "{\"time\":1700000000.500000,\"duration\":0.250000,\"pid\":77,")) << line;
    EXPECT_TRUE(contains(line, "\"cwd\":\"/src/dir \\\"q\\\"\"")) << line;
    EXPECT_TRUE(contains(line, "\"argv\":[\"gcc\",\"-DX=\\\"a\\\\b\\\"\",\"-c\",\"t\\u0009ab.c\"]")) << line;
    EXPECT_TRUE(contains(line,
                         "\"mode\":\"plain-after-pump\",\"host\":\"build1,lzo\",\"slot\":2,\"protocol\":2,"
                         "\"compression\":\"lzo\",\"outcome\":\"fallback\",\"exit_code\":1,"))
        << line;
    EXPECT_TRUE(contains(line,
                         "\"failed_attempts\":[{\"host\":\"build1,lzo\",\"reason\":\"connect failed\"}],"
                         "\"backed_off\":[\"build2\"],\"bytes_sent\":1234,\"bytes_received\":56,"))
        << line;
    EXPECT_TRUE(contains(line, "\"phases\":{\"slot_wait\":0.000000,\"preprocess\":0.000000,\"connect\":0.001000,"))
        << line;
    EXPECT_TRUE(contains(line, "\"spans\":[[\"connect\",0.000500,0.001000]]}\n")) << line;
    EXPECT_TRUE(contains(line, "\"receive\":2.000000,")) << line;
}

TEST(Journal, RecorderSumsPhasesAndKeepsTheirOrder) {
    g_now = 10.0;
    JobRecorder recorder(fake_now);
    g_now = 10.1;
    recorder.enter(JournalPhase::slot_wait);
    g_now = 10.3;
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::connect);
    g_now = 10.4;
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::preprocess);
    g_now = 10.6;
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::send);
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::send);  // a repeated note adds nothing
    g_now = 10.7;
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::compile);
    g_now = 11.7;
    recorder.on_phase(StateWriter::Role::remote, proto::Phase::receive);
    g_now = 11.8;
    recorder.on_phase(StateWriter::Role::local, proto::Phase::compile);
    g_now = 12.0;
    recorder.finish(0);
    const JournalRecord& r = recorder.record();
    auto seconds = [&](JournalPhase p) { return r.phase_seconds[static_cast<std::size_t>(p)]; };
    EXPECT_NEAR(r.duration, 2.0, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::other), 0.1, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::slot_wait), 0.2, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::connect), 0.1, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::preprocess), 0.2, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::send), 0.1, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::remote_compile), 1.0, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::receive), 0.1, 1e-9);
    EXPECT_NEAR(seconds(JournalPhase::local_compile), 0.2, 1e-9);
    ASSERT_EQ(r.spans.size(), 8u);
    EXPECT_EQ(r.spans[5].phase, JournalPhase::remote_compile);
    EXPECT_NEAR(r.spans[5].start, 0.7, 1e-9);
    EXPECT_NEAR(r.spans[5].duration, 1.0, 1e-9);
    EXPECT_EQ(r.spans.back().phase, JournalPhase::local_compile);
    EXPECT_EQ(r.exit_code, 0);
}

TEST(Journal, AppendAddsWholeLines) {
    test_support::ScratchDir dir;
    std::string path = dir.path() + "/journal";
    ASSERT_TRUE(append_journal_line(path, "{\"a\":1}\n").ok());
    ASSERT_TRUE(append_journal_line(path, "{\"b\":2}\n").ok());
    auto text = files::read_file(path, 4096);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "{\"a\":1}\n{\"b\":2}\n");
}

TEST(Journal, UnwritableJournalIsAnErrorNotACrash) {
    test_support::ScratchDir dir;
    Status status = append_journal_line(dir.path() + "/missing/dir/journal", "{}\n");
    ASSERT_FALSE(status.ok());
    EXPECT_TRUE(contains(status.error().message, "cannot open")) << status.error().message;
}

// A line longer than PIPE_BUF waits for the flock() another writer holds; a short
// line does not need it.
TEST(Journal, LongLinesAreWrittenUnderTheLock) {
    test_support::ScratchDir dir;
    std::string path = dir.path() + "/journal";
    UniqueFd holder(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666));
    ASSERT_TRUE(holder.valid());
    ASSERT_EQ(::flock(holder.get(), LOCK_EX), 0);

    ASSERT_TRUE(append_journal_line(path, "short\n").ok()) << "a short line takes no lock";

    std::string big(3 * PIPE_BUF, 'x');
    big += '\n';
    std::atomic<bool> done{false};
    std::thread writer([&] {
        EXPECT_TRUE(append_journal_line(path, big).ok());
        done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(done) << "the long line must wait for the lock";
    auto before = files::read_file(path, 1 << 20);
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(*before, "short\n");
    ::flock(holder.get(), LOCK_UN);
    writer.join();
    EXPECT_TRUE(done);
    auto after = files::read_file(path, 1 << 20);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, "short\n" + big);
}
