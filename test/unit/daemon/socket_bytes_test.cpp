// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/socket_bytes.cpp on a real loopback TCP connection: the bytes
// each side wrote and read, acknowledged or still queued, and nothing for a
// descriptor that is not a TCP socket.
#include "daemon/socket_bytes.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "common/fd.hpp"
#include "common/io.hpp"

using namespace dcc;
using dcc::daemon::socket_bytes;

namespace {

// A connected loopback pair: [0] the client's end, [1] the server's.
std::pair<UniqueFd, UniqueFd> tcp_pair() {
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener.get(), 1), 0);
    EXPECT_EQ(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);
    UniqueFd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    UniqueFd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    return {std::move(client), std::move(server)};
}

}  // namespace

TEST(SocketBytes, CountsWhatEachSideWroteAndReceived) {
    auto [client, server] = tcp_pair();
    ASSERT_TRUE(client && server);
    std::string request(40000, 'r'), reply(1234, 'o');
    ASSERT_TRUE(io::write_all(client.get(), request, 5000));
    std::string got(request.size(), '\0');
    ASSERT_TRUE(io::read_exact(server.get(), got.data(), got.size(), 5000));
    ASSERT_TRUE(io::write_all(server.get(), reply, 5000));
    auto bytes = socket_bytes(server.get());
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->received, request.size());
    EXPECT_EQ(bytes->sent, reply.size());  // acknowledged or still queued
}

TEST(SocketBytes, NothingForOtherDescriptors) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    EXPECT_FALSE(socket_bytes(read_end.get()));
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    UniqueFd a(pair[0]), b(pair[1]);
    EXPECT_FALSE(socket_bytes(a.get()));
}
