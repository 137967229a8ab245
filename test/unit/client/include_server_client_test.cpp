// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/include_server_client.cpp against a one-shot fake include
// server on a Unix socket in a temp directory: the request's exact bytes, a reply's
// paths, the "cannot help" answer, malformed and missing replies, and a socket path
// too long for sun_path.
#include "client/include_server_client.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace dcc;
using namespace dcc::client;

namespace {

// Listens on <tmpdir>/socket; serve() accepts one connection, reads `request_size`
// bytes into `received`, writes `reply` and closes.
class FakeIncludeServer {
public:
    FakeIncludeServer() {
        char dir[] = "/tmp/isc_test_XXXXXX";
        EXPECT_NE(::mkdtemp(dir), nullptr);
        m_dir = dir;
        m_path = m_dir + "/socket";
        m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, m_path.c_str(), m_path.size());
        EXPECT_EQ(::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
        EXPECT_EQ(::listen(m_fd, 1), 0);
    }
    ~FakeIncludeServer() {
        if (m_thread.joinable()) m_thread.join();
        ::close(m_fd);
        ::unlink(m_path.c_str());
        ::rmdir(m_dir.c_str());
    }
    void serve(std::size_t request_size, std::string reply) {
        m_thread = std::thread([this, request_size, reply = std::move(reply)] {
            int client = ::accept(m_fd, nullptr, nullptr);
            if (client < 0) return;
            std::string data(request_size, '\0');
            std::size_t got = 0;
            while (got < request_size) {
                ssize_t n = ::read(client, data.data() + got, request_size - got);
                if (n <= 0) break;
                got += static_cast<std::size_t>(n);
            }
            received = data.substr(0, got);
            std::size_t sent = 0;
            while (sent < reply.size()) {
                ssize_t n = ::write(client, reply.data() + sent, reply.size() - sent);
                if (n <= 0) break;
                sent += static_cast<std::size_t>(n);
            }
            ::close(client);
        });
    }
    const std::string& path() const { return m_path; }
    std::string received;

private:
    std::string m_dir, m_path;
    int m_fd = -1;
    std::thread m_thread;
};

const std::string k_request =
    "CDIR00000006/tmp/p"
    "ARGC00000003"
    "ARGV00000003gcc"
    "ARGV00000002-c"
    "ARGV00000003a.c";

}  // namespace

TEST(AskIncludeServer, SendsTheRequestAndReadsThePaths) {
    FakeIncludeServer server;
    server.serve(k_request.size(), "ARGC00000002ARGV0000000a/r/o/o/a.cARGV00000004/x/y");
    auto paths = ask_include_server(server.path(), "/tmp/p", {"gcc", "-c", "a.c"}, 5000);
    ASSERT_TRUE(paths.ok()) << paths.error().message;
    EXPECT_EQ(*paths, (std::vector<std::string>{"/r/o/o/a.c", "/x/y"}));
    EXPECT_EQ(server.received, k_request);
}

TEST(AskIncludeServer, ZeroPathsIsTheCannotHelpAnswer) {
    FakeIncludeServer server;
    server.serve(k_request.size(), "ARGC00000000");
    auto paths = ask_include_server(server.path(), "/tmp/p", {"gcc", "-c", "a.c"}, 5000);
    ASSERT_TRUE(paths.ok());
    EXPECT_TRUE(paths->empty());
}

TEST(AskIncludeServer, MalformedAndTruncatedRepliesAreErrors) {
    {
        FakeIncludeServer server;
        server.serve(k_request.size(), "DOTI00000000");
        EXPECT_FALSE(ask_include_server(server.path(), "/tmp/p", {"gcc", "-c", "a.c"}, 5000).ok());
    }
    {
        FakeIncludeServer server;
        server.serve(k_request.size(), "ARGC00000002ARGV00000004/x/y");
        EXPECT_FALSE(ask_include_server(server.path(), "/tmp/p", {"gcc", "-c", "a.c"}, 5000).ok());
    }
    {
        FakeIncludeServer server;
        server.serve(k_request.size(), "");
        EXPECT_FALSE(ask_include_server(server.path(), "/tmp/p", {"gcc", "-c", "a.c"}, 5000).ok());
    }
}

TEST(AskIncludeServer, NoServerAndOverlongPathsAreErrors) {
    auto missing = ask_include_server("/nonexistent-dir-for-test/socket", "/", {"gcc"}, 1000);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("failed to connect to the include server"), std::string::npos);
    auto too_long = ask_include_server("/" + std::string(200, 'x') + "/socket", "/", {"gcc"}, 1000);
    ASSERT_FALSE(too_long.ok());
    EXPECT_NE(too_long.error().message.find("too long"), std::string::npos);
}
