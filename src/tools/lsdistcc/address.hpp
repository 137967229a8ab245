// SPDX-License-Identifier: GPL-2.0-or-later
// An IPv4 or IPv6 address as lsdistcc uses it: chosen from a resolver answer
// (IPv4 first, as distcc 3.4 only knew IPv4, so "localhost" stays 127.0.0.1), shown
// with -n, compared for the -m subnet rule and turned into a socket address.
#pragma once

#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace dcc::tools::lsdistcc {

struct Address {
    int family = AF_INET;              // AF_INET or AF_INET6
    std::array<uint8_t, 16> bytes{};   // network order; IPv4 uses the first 4
    bool operator==(const Address&) const = default;

    static std::optional<Address> parse(const std::string& text);
    // "192.0.2.1", "[2001:db8::1]" -- the spelling DISTCC_HOSTS accepts.
    std::string host_list_text() const;
    // A socket address for `port`; returns its length.
    socklen_t to_sockaddr(int port, sockaddr_storage& out) const;
};

// The first IPv4 address of a getaddrinfo() answer, else its first IPv6 address.
std::optional<Address> choose_address(const addrinfo* answers);

// -m BITS: whether the first `bits` bits agree.  Different families never do
// (unless bits is 0, which disables the rule).
bool same_subnet(const Address& a, const Address& b, int bits);

}  // namespace dcc::tools::lsdistcc
