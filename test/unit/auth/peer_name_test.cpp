// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the reverse lookup of a connection's peer (src/auth/peer_name.cpp) on
// loopback sockets.
#include "auth/peer_name.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include "common/fd.hpp"

using namespace dcc;

namespace {

// A connected pair of loopback TCP sockets: {client end, server end}.
std::pair<UniqueFd, UniqueFd> loopback_connection() {
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listener.get(), 1) != 0 ||
        ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return {};
    UniqueFd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (::connect(client.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) return {};
    UniqueFd server(::accept(listener.get(), nullptr, nullptr));
    return {std::move(client), std::move(server)};
}

}  // namespace

TEST(PeerHostName, LoopbackPeerHasAName) {
    auto [client, server] = loopback_connection();
    ASSERT_TRUE(client.valid() && server.valid());
    auto name = auth::peer_host_name(client.get());
    ASSERT_TRUE(name.ok()) << name.error().message;
    // Whatever /etc/hosts calls 127.0.0.1 ("localhost" on Debian); never the number.
    EXPECT_FALSE(name->empty());
    EXPECT_NE(*name, "127.0.0.1");
}

TEST(PeerHostName, UnixSocketHasNoPeerNameToLookUp) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    UniqueFd a(fds[0]), b(fds[1]);
    auto name = auth::peer_host_name(a.get());
    ASSERT_FALSE(name.ok());
    EXPECT_EQ(name.error().code, ExitCode::connect_failed);
    EXPECT_NE(name.error().message.find(",auth=NAME"), std::string::npos);
}

TEST(PeerHostName, PipeIsNotASocket) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    UniqueFd a(fds[0]), b(fds[1]);
    auto name = auth::peer_host_name(b.get());
    ASSERT_FALSE(name.ok());
    EXPECT_EQ(name.error().code, ExitCode::connect_failed);
}
