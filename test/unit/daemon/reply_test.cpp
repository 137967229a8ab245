// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/reply.cpp: what send_reply writes, read back with the
// client's reader (proto::read_reply), for protocols 1, 2 and 3, success and
// failure, the gathered write and the sendfile path of a large protocol-1 object.
// The job's files are memfds whose offsets sit at their ends, as a compiler leaves
// them; the reply goes into a regular file (the descriptor kind does not matter to
// writev or sendfile).
#include "daemon/reply.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "common/fd.hpp"
#include "proto/limits.hpp"
#include "proto/messages.hpp"
#include "proto/stream.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

// A job file holding `content`, its offset left at the end.
UniqueFd job_file(const std::string& content) {
    UniqueFd fd(::memfd_create("reply-test", MFD_CLOEXEC));
    EXPECT_TRUE(fd.valid());
    EXPECT_EQ(::write(fd.get(), content.data(), content.size()), static_cast<ssize_t>(content.size()));
    return fd;
}

std::string whole(int fd) {
    std::string out;
    char buffer[65536];
    ssize_t n;
    off_t at = 0;
    while ((n = ::pread(fd, buffer, sizeof buffer, at)) > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        at += n;
    }
    return out;
}

struct Sent {
    Status status;
    std::string bytes;
};

Sent send(int version, uint32_t status, const std::string& serr, const std::string& sout, const std::string& object,
          const std::string* dotd = nullptr) {
    UniqueFd err = job_file(serr), out = job_file(sout), obj = job_file(object);
    UniqueFd wire(::memfd_create("reply-wire", MFD_CLOEXEC));
    ReplyFiles files;
    files.version = version;
    files.status = status;
    files.stderr_fd = err.get();
    files.stdout_fd = out.get();
    files.object_fd = status == 0 ? obj.get() : -1;
    files.dotd = dotd;
    Sent sent{send_reply(wire.get(), files, /*cork=*/true, 5000), {}};
    sent.bytes = whole(wire.get());
    return sent;
}

proto::Reply read_back(const std::string& bytes, int version, proto::WantDotd want = proto::WantDotd::no) {
    proto::MemorySource source(bytes);
    auto reply = proto::read_reply(source, version, want, proto::Limits{});
    EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().message);
    EXPECT_EQ(source.remaining(), 0u) << "bytes after the reply";
    return reply.ok() ? *reply : proto::Reply{};
}

TEST(Reply, Protocol1SuccessCarriesEverythingAsItIs) {
    Sent sent = send(1, 0, "warning: x\n", "out\n", "\x7f" "ELF object bytes");
    ASSERT_TRUE(sent.status.ok()) << sent.status.error().message;
    EXPECT_EQ(sent.bytes.substr(0, 12), "DONE00000001");
    proto::Reply reply = read_back(sent.bytes, 1);
    EXPECT_EQ(reply.status, 0u);
    EXPECT_EQ(reply.serr, "warning: x\n");
    EXPECT_EQ(reply.sout, "out\n");
    EXPECT_EQ(reply.doto, "\x7f" "ELF object bytes");
    EXPECT_FALSE(reply.dotd.has_value());
}

TEST(Reply, Protocol2CompressesAndReadsBackTheSame) {
    std::string object(200000, 'a');
    for (std::size_t i = 0; i < object.size(); i += 7) object[i] = static_cast<char>('a' + i % 26);
    Sent sent = send(2, 0, "", "", object);
    ASSERT_TRUE(sent.status.ok());
    EXPECT_LT(sent.bytes.size(), object.size()) << "LZO makes the repetitive object smaller";
    proto::Reply reply = read_back(sent.bytes, 2);
    EXPECT_EQ(reply.doto, object);
    EXPECT_EQ(reply.serr, "");
}

TEST(Reply, FailureSendsStatusAndStderrButNoObject) {
    uint32_t exited_1 = 1 << 8;
    Sent sent = send(2, exited_1, "main.c:1: error: expected ';'\n", "", "stale object that must not be sent");
    ASSERT_TRUE(sent.status.ok());
    proto::Reply reply = read_back(sent.bytes, 2);
    EXPECT_TRUE(WIFEXITED(reply.status) && WEXITSTATUS(reply.status) == 1);
    EXPECT_EQ(reply.serr, "main.c:1: error: expected ';'\n");
    EXPECT_EQ(reply.doto, "");
    EXPECT_EQ(sent.bytes.find("stale object"), std::string::npos);
}

TEST(Reply, Protocol3SuccessEndsWithTheDependencyFile) {
    std::string dotd = "main.o: src/main.c inc/value.h\n";
    Sent sent = send(3, 0, "", "", "object", &dotd);
    ASSERT_TRUE(sent.status.ok());
    proto::Reply reply = read_back(sent.bytes, 3, proto::WantDotd::yes);
    EXPECT_EQ(reply.doto, "object");
    ASSERT_TRUE(reply.dotd.has_value());
    EXPECT_EQ(*reply.dotd, dotd);
}

TEST(Reply, Protocol3SuccessWithoutADependencyFileSendsAnEmptyOne) {
    Sent sent = send(3, 0, "", "", "object");
    ASSERT_TRUE(sent.status.ok());
    EXPECT_EQ(sent.bytes.substr(sent.bytes.size() - 12), "DOTD00000000");
    proto::Reply reply = read_back(sent.bytes, 3, proto::WantDotd::yes);
    EXPECT_EQ(reply.doto, "object");
    EXPECT_EQ(reply.dotd.value_or("absent"), "");
}

TEST(Reply, Protocol3FailureHasNoDependencyFile) {
    std::string dotd = "never sent\n";
    Sent sent = send(3, 1 << 8, "error\n", "", "", &dotd);
    ASSERT_TRUE(sent.status.ok());
    EXPECT_EQ(sent.bytes.find("DOTD"), std::string::npos);
    proto::Reply reply = read_back(sent.bytes, 3, proto::WantDotd::yes);
    EXPECT_FALSE(reply.dotd.has_value());
}

TEST(Reply, LargeProtocol1ObjectGoesThroughSendfileIntact) {
    std::string object(3u << 20, '\0');
    for (std::size_t i = 0; i < object.size(); ++i) object[i] = static_cast<char>((i * 131) % 251);
    Sent sent = send(1, 0, "", "", object);
    ASSERT_TRUE(sent.status.ok()) << sent.status.error().message;
    proto::Reply reply = read_back(sent.bytes, 1);
    EXPECT_EQ(reply.doto.size(), object.size());
    EXPECT_TRUE(reply.doto == object);
}

TEST(Reply, AnUnreadableJobFileIsAnIoError) {
    UniqueFd out = job_file(""), obj = job_file("object");
    UniqueFd wire(::memfd_create("reply-wire", MFD_CLOEXEC));
    ReplyFiles files;
    files.version = 2;
    files.stderr_fd = 1000000;  // not open
    files.stdout_fd = out.get();
    files.object_fd = obj.get();
    Status sent = send_reply(wire.get(), files, false, 5000);
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ExitCode::io_error);
    EXPECT_EQ(whole(wire.get()), "") << "nothing is written before every part was read";
}

}  // namespace
