// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of address.hpp.
#include "tools/lsdistcc/address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace dcc::tools::lsdistcc {
namespace {

std::optional<Address> from_sockaddr(const sockaddr* sa) {
    Address a;
    a.family = sa->sa_family;
    if (sa->sa_family == AF_INET)
        std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, 4);
    else if (sa->sa_family == AF_INET6)
        std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, 16);
    else
        return std::nullopt;
    return a;
}

}  // namespace

std::optional<Address> Address::parse(const std::string& text) {
    Address a;
    if (::inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) return a;
    a.family = AF_INET6;
    if (::inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) return a;
    return std::nullopt;
}

std::string Address::host_list_text() const {
    char buf[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(family, bytes.data(), buf, sizeof buf);
    return family == AF_INET6 ? "[" + std::string(buf) + "]" : std::string(buf);
}

socklen_t Address::to_sockaddr(int port, sockaddr_storage& out) const {
    std::memset(&out, 0, sizeof out);
    if (family == AF_INET) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&out);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(static_cast<uint16_t>(port));
        std::memcpy(&sin->sin_addr, bytes.data(), 4);
        return sizeof *sin;
    }
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&sin6->sin6_addr, bytes.data(), 16);
    return sizeof *sin6;
}

std::optional<Address> choose_address(const addrinfo* answers) {
    std::optional<Address> ipv6;
    for (const addrinfo* ai = answers; ai; ai = ai->ai_next) {
        if (ai->ai_family == AF_INET) return from_sockaddr(ai->ai_addr);
        if (ai->ai_family == AF_INET6 && !ipv6) ipv6 = from_sockaddr(ai->ai_addr);
    }
    return ipv6;
}

bool same_subnet(const Address& a, const Address& b, int bits) {
    if (bits <= 0) return true;
    if (a.family != b.family) return false;
    for (int bit = 0; bit < bits; ++bit) {
        uint8_t mask = static_cast<uint8_t>(0x80u >> (bit % 8));
        if ((a.bytes[static_cast<std::size_t>(bit / 8)] & mask) != (b.bytes[static_cast<std::size_t>(bit / 8)] & mask))
            return false;
    }
    return true;
}

}  // namespace dcc::tools::lsdistcc
