// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/connection.cpp: the ssh tunnel command line, TCP connects to a
// loopback listener and to a closed port, and a tunnel through a stand-in for ssh.
#include "client/connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "common/io.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;

namespace {

using Words = std::vector<std::string>;

HostSpec ssh_host(const std::string& user, const std::string& name, const std::string& command) {
    HostSpec h;
    h.mode = HostMode::ssh;
    h.user = user;
    h.hostname = name;
    h.command = command;
    return h;
}

// A listening loopback socket on an ephemeral port.
struct Listener {
    UniqueFd fd;
    int port = 0;
    Listener() {
        fd.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd.get(), 4);
        socklen_t length = sizeof addr;
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &length);
        port = ntohs(addr.sin_port);
    }
};

}  // namespace

TEST(SshTunnel, CommandLineFollowsUpstream) {
    EXPECT_EQ(ssh_tunnel_argv(ssh_host("", "box", ""), "ssh"),
              (Words{"ssh", "box", "distccd", "--inetd", "--enable-tcp-insecure"}));
    EXPECT_EQ(ssh_tunnel_argv(ssh_host("joe", "remotebox", ""), "fakessh -o Foo=bar -q"),
              (Words{"fakessh", "-o", "Foo=bar", "-q", "-l", "joe", "remotebox", "distccd", "--inetd",
                     "--enable-tcp-insecure"}));
    EXPECT_EQ(ssh_tunnel_argv(ssh_host("", "b", "/opt/bin/distccd"), "ssh")[2], "/opt/bin/distccd");
}

TEST(SshTunnel, AtMostTwelveExtraWords) {
    Words argv = ssh_tunnel_argv(ssh_host("", "h", ""), "ssh 1 2 3 4 5 6 7 8 9 10 11 12 13 14");
    EXPECT_EQ(argv.size(), 1u + 12u + 4u);
    EXPECT_EQ(argv[12], "12");
    EXPECT_EQ(argv[13], "h");
}

TEST(TcpConnect, ConnectsToALoopbackListener) {
    Listener listener;
    auto connection = Connection::open_tcp("127.0.0.1", listener.port, TransportSettings{});
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_EQ(connection->read_fd(), connection->write_fd());
    connection->cork(true);
    ASSERT_TRUE(io::write_all(connection->write_fd(), "DIST00000001", io::k_no_timeout).ok());
    connection->cork(false);
    UniqueFd accepted(::accept(listener.fd.get(), nullptr, nullptr));
    char buf[12];
    ASSERT_TRUE(io::read_exact(accepted.get(), buf, sizeof buf, 2000).ok());
    EXPECT_EQ(std::string(buf, 12), "DIST00000001");
}

TEST(TcpConnect, RefusedConnectionIsConnectFailed) {
    int port;
    {
        Listener closed;
        port = closed.port;
    }
    auto connection = Connection::open_tcp("127.0.0.1", port, TransportSettings{});
    ASSERT_FALSE(connection.ok());
    EXPECT_EQ(connection.error().code, ExitCode::connect_failed);
    EXPECT_NE(connection.error().message.find("nonblocking connect to 127.0.0.1:"), std::string::npos);
    EXPECT_NE(connection.error().message.find("Connection refused"), std::string::npos);
}

TEST(SshTunnel, BytesTravelThroughTheTunnelProcess) {
    test_support::ScratchDir dir;
    std::string fake = dir.file("fakessh");
    ASSERT_TRUE(files::write_file(fake, "#!/bin/sh\nexec cat\n", 0755).ok());
    TransportSettings settings;
    settings.ssh_command = fake;
    auto connection = Connection::open_ssh(ssh_host("u", "h", ""), settings);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_NE(connection->read_fd(), connection->write_fd());
    ASSERT_TRUE(io::write_all(connection->write_fd(), "DONE00000001", 5000).ok());
    char buf[12];
    ASSERT_TRUE(io::read_exact(connection->read_fd(), buf, sizeof buf, 5000).ok());
    EXPECT_EQ(std::string(buf, 12), "DONE00000001");
    connection->close();  // closing stdin ends `cat`; close() reaps it
}

TEST(SshTunnel, MissingTunnelCommandFails) {
    TransportSettings settings;
    settings.ssh_command = "/nonexistent/ssh";
    auto connection = Connection::open_ssh(ssh_host("", "h", ""), settings);
    ASSERT_FALSE(connection.ok());
    EXPECT_EQ(connection.error().code, ExitCode::io_error);
}
