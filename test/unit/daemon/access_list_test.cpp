// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/access_list.cpp: --allow parsing and matching, every vector of
// doc/daemon.md §4, IPv6, IPv4-mapped peers and the private-network default.
#include "daemon/access_list.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

using namespace dcc;
using namespace dcc::daemon;

namespace {

sockaddr_storage v4(const char* text, socklen_t& length) {
    sockaddr_storage s{};
    auto* in = reinterpret_cast<sockaddr_in*>(&s);
    in->sin_family = AF_INET;
    inet_pton(AF_INET, text, &in->sin_addr);
    length = sizeof(sockaddr_in);
    return s;
}

sockaddr_storage v6(const char* text, socklen_t& length) {
    sockaddr_storage s{};
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&s);
    in6->sin6_family = AF_INET6;
    inet_pton(AF_INET6, text, &in6->sin6_addr);
    length = sizeof(sockaddr_in6);
    return s;
}

bool allows(const std::vector<std::string>& specs, const char* client) {
    std::vector<AllowEntry> entries;
    for (const std::string& spec : specs) {
        auto e = parse_allow_entry(spec);
        EXPECT_TRUE(e.ok()) << spec;
        if (e.ok()) entries.push_back(*e);
    }
    socklen_t length = 0;
    sockaddr_storage s = std::strchr(client, ':') ? v6(client, length) : v4(client, length);
    return check_peer(entries, reinterpret_cast<sockaddr*>(&s), length) == PeerVerdict::allowed;
}

}  // namespace

TEST(AccessList, SpecVectors) {
    EXPECT_TRUE(allows({"127.0.0.1"}, "127.0.0.1"));
    EXPECT_FALSE(allows({"127.0.0.1"}, "127.0.0.0"));
    EXPECT_FALSE(allows({"127.0.0.1"}, "127.0.0.2"));
    EXPECT_TRUE(allows({"127.0.0.1/8"}, "127.0.0.2"));
    EXPECT_TRUE(allows({"10.113.0.0/16"}, "10.113.45.67"));
    EXPECT_FALSE(allows({"10.113.0.0/16"}, "10.11.45.67"));
    EXPECT_TRUE(allows({"1.2.3.4/0"}, "200.1.1.1"));
    EXPECT_FALSE(allows({"1.2.3.4/8"}, "4.3.2.1"));
    EXPECT_TRUE(allows({"192.168.1.64/28"}, "192.168.1.70"));
    EXPECT_FALSE(allows({"192.168.1.64/28"}, "192.168.1.7"));
}

TEST(AccessList, ParseErrorsAreBadArguments) {
    auto too_many_bits = parse_allow_entry("1.2.3.4/40");
    ASSERT_FALSE(too_many_bits.ok());
    EXPECT_EQ(too_many_bits.error().code, ExitCode::bad_arguments);
    EXPECT_EQ(too_many_bits.error().message, "invalid mask \"40\"");
    auto bad_address = parse_allow_entry("1.2.3.4.5.6.7/8");
    ASSERT_FALSE(bad_address.ok());
    EXPECT_EQ(bad_address.error().message, "can't parse internet address \"1.2.3.4.5.6.7\"");
    EXPECT_FALSE(parse_allow_entry("buildhost.example").ok());
    EXPECT_FALSE(parse_allow_entry("10.0.0.0/x").ok());
    EXPECT_FALSE(parse_allow_entry("10.0.0.0/-1").ok());
    EXPECT_FALSE(parse_allow_entry("::1/129").ok());
}

TEST(AccessList, MissingOrEmptyBitsMeanWholeAddress) {
    EXPECT_EQ(parse_allow_entry("10.0.0.1").value().bits, 32);
    EXPECT_EQ(parse_allow_entry("10.0.0.1/").value().bits, 32);
    EXPECT_EQ(parse_allow_entry("::1").value().bits, 128);
    EXPECT_TRUE(allows({"10.0.0.0/"}, "10.0.0.0"));
    EXPECT_FALSE(allows({"10.0.0.0/"}, "10.0.0.1"));
}

TEST(AccessList, InetAtonShortForms) {
    // inet_aton reads "10.1" as 10.0.0.1, as upstream does.
    EXPECT_TRUE(allows({"10.1"}, "10.0.0.1"));
    EXPECT_FALSE(allows({"10.1"}, "10.1.0.0"));
}

TEST(AccessList, Ipv6Entries) {
    EXPECT_TRUE(allows({"::1"}, "::1"));
    EXPECT_FALSE(allows({"::1"}, "::2"));
    EXPECT_TRUE(allows({"fe80::/10"}, "fe80::1234"));
    EXPECT_FALSE(allows({"fe80::/10"}, "fec0::1"));
    EXPECT_TRUE(allows({"2001:db8::/32"}, "2001:db8:1::5"));
    // An IPv6 entry never matches an IPv4 socket address.
    EXPECT_FALSE(allows({"::/0"}, "10.0.0.1"));
}

TEST(AccessList, Ipv4EntriesMatchMappedAndCompatiblePeers) {
    EXPECT_TRUE(allows({"127.0.0.0/8"}, "::ffff:127.0.0.5"));
    EXPECT_FALSE(allows({"10.0.0.0/8"}, "::ffff:127.0.0.5"));
    EXPECT_TRUE(allows({"10.0.0.0/8"}, "::10.1.2.3"));
    // ::1 is not an IPv4-compatible address.
    EXPECT_FALSE(allows({"0.0.0.0/8"}, "::1"));
}

TEST(AccessList, PrivateNetworks) {
    std::vector<AllowEntry> entries = private_networks();
    auto check = [&](const char* client) {
        socklen_t length = 0;
        sockaddr_storage s = std::strchr(client, ':') ? v6(client, length) : v4(client, length);
        return check_peer(entries, reinterpret_cast<sockaddr*>(&s), length) == PeerVerdict::allowed;
    };
    for (const char* ok : {"192.168.4.4", "10.9.9.9", "172.16.0.1", "172.31.255.255", "127.0.0.1", "fe80::1",
                           "fd00::7", "::1", "::ffff:10.1.1.1"})
        EXPECT_TRUE(check(ok)) << ok;
    for (const char* denied : {"8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "::ffff:8.8.8.8"})
        EXPECT_FALSE(check(denied)) << denied;
}

TEST(AccessList, EmptyListAndUnknownPeersAreAllowed) {
    socklen_t length = 0;
    sockaddr_storage s = v4("8.8.8.8", length);
    EXPECT_EQ(check_peer({}, reinterpret_cast<sockaddr*>(&s), length), PeerVerdict::allowed);
    std::vector<AllowEntry> only_local{parse_allow_entry("127.0.0.1").value()};
    EXPECT_EQ(check_peer(only_local, nullptr, 0), PeerVerdict::allowed);
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    EXPECT_EQ(check_peer(only_local, reinterpret_cast<sockaddr*>(&un), sizeof(sa_family_t)), PeerVerdict::allowed);
    sockaddr_storage other{};
    other.ss_family = AF_APPLETALK;
    EXPECT_EQ(check_peer(only_local, reinterpret_cast<sockaddr*>(&other), sizeof other), PeerVerdict::denied);
}
