// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/address.cpp and output_line.cpp: which address of an
// answer is used, the -m rule, and the exact output lines (3.4's observed ones).
#include "tools/lsdistcc/address.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include "tools/lsdistcc/output_line.hpp"

using namespace dcc::tools::lsdistcc;

namespace {

Address addr(const char* text) { return *Address::parse(text); }

LsOptions options_with(int port, int protocol, bool numeric = false, bool latency = false) {
    LsOptions o;
    o.port = port;
    o.protocol = protocol;
    o.numeric = numeric;
    o.latency = latency;
    return o;
}

}  // namespace

TEST(LsdistccAddress, ParseAndShow) {
    EXPECT_EQ(addr("127.0.0.1").host_list_text(), "127.0.0.1");
    EXPECT_EQ(addr("::1").host_list_text(), "[::1]");
    EXPECT_EQ(addr("fd00:0::5").host_list_text(), "[fd00::5]");
    EXPECT_FALSE(Address::parse("distcc1").has_value());
}

TEST(LsdistccAddress, ChoosesIpv4First) {
    sockaddr_in6 six{};
    six.sin6_family = AF_INET6;
    six.sin6_addr = in6addr_loopback;
    sockaddr_in four{};
    four.sin_family = AF_INET;
    four.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addrinfo second{};
    second.ai_family = AF_INET;
    second.ai_addr = reinterpret_cast<sockaddr*>(&four);
    addrinfo first{};
    first.ai_family = AF_INET6;
    first.ai_addr = reinterpret_cast<sockaddr*>(&six);
    first.ai_next = &second;
    EXPECT_EQ(choose_address(&first), addr("127.0.0.1"));
    EXPECT_EQ(choose_address(&second), addr("127.0.0.1"));
    first.ai_next = nullptr;
    EXPECT_EQ(choose_address(&first), addr("::1"));
    EXPECT_FALSE(choose_address(nullptr).has_value());
}

TEST(LsdistccAddress, SockaddrCarriesThePort) {
    sockaddr_storage ss{};
    EXPECT_EQ(addr("127.0.0.2").to_sockaddr(3632, ss), sizeof(sockaddr_in));
    EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port), 3632);
    EXPECT_EQ(addr("::1").to_sockaddr(1, ss), sizeof(sockaddr_in6));
    EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port), 1);
}

TEST(LsdistccAddress, SubnetRule) {
    EXPECT_TRUE(same_subnet(addr("10.1.2.3"), addr("10.1.9.9"), 16));
    EXPECT_FALSE(same_subnet(addr("10.1.2.3"), addr("10.2.2.3"), 16));
    EXPECT_TRUE(same_subnet(addr("10.1.2.3"), addr("10.1.2.4"), 29));
    EXPECT_FALSE(same_subnet(addr("10.1.2.3"), addr("10.1.2.11"), 29));
    EXPECT_TRUE(same_subnet(addr("10.1.2.3"), addr("192.168.0.1"), 0));
    EXPECT_FALSE(same_subnet(addr("10.1.2.3"), addr("::1"), 8));
    EXPECT_TRUE(same_subnet(addr("fd00::1"), addr("fd00::2"), 31));
}

TEST(LsdistccOutput, LinesAs34PrintsThem) {
    HostOutcome up{"127.0.0.1", addr("127.0.0.1"), true, 16};
    EXPECT_EQ(output_line(options_with(3720, 1), up), "127.0.0.1:3720\n");
    EXPECT_EQ(output_line(options_with(3720, 1, false, true), up), "127.0.0.1:3720 16\n");
    HostOutcome down{"127.0.0.9", addr("127.0.0.9"), false, 0};
    EXPECT_EQ(output_line(options_with(3720, 1, false, true), down), "127.0.0.9:3720,down 0\n");
    HostOutcome local{"localhost", addr("127.0.0.1"), true, 3};
    EXPECT_EQ(output_line(options_with(3720, 2, true), local), "127.0.0.1:3720,lzo\n");
    EXPECT_EQ(output_line(options_with(3720, 3), local), "localhost:3720,lzo,cpp\n");
    EXPECT_EQ(output_line(options_with(3632, 1), local), "localhost\n");
    HostOutcome six{"[::1]", addr("::1"), false, 0};
    EXPECT_EQ(output_line(options_with(3632, 3, true), six), "[::1],lzo,cpp,down\n");
}
