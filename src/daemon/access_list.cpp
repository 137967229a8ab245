// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of access_list.hpp (upstream dcc_parse_mask / dcc_check_address).
#include "daemon/access_list.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

std::array<uint8_t, 16> mask_of(int bits) {
    std::array<uint8_t, 16> mask{};
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8)
        mask[i] = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    return mask;
}

bool matches(const AllowEntry& entry, const uint8_t* address, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i)
        if ((address[i] & entry.mask[i]) != entry.address[i]) return false;
    return true;
}

// The IPv4 address inside ::ffff:a.b.c.d or ::a.b.c.d (not :: and ::1).
const uint8_t* embedded_ipv4(const in6_addr& a) {
    static const uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const uint8_t zero_prefix[12] = {};
    if (std::memcmp(a.s6_addr, mapped_prefix, 12) == 0) return a.s6_addr + 12;
    if (std::memcmp(a.s6_addr, zero_prefix, 12) == 0) {
        uint32_t tail = 0;
        std::memcpy(&tail, a.s6_addr + 12, 4);
        if (ntohl(tail) > 1) return a.s6_addr + 12;
    }
    return nullptr;
}

Result<int> parse_bits(std::string_view text, int max_bits) {
    if (text.empty()) return max_bits;
    auto bits = strings::parse_int(text);
    if (!bits || *bits < 0 || *bits > max_bits || text[0] == '+' || text[0] == '-')
        return make_error(ExitCode::bad_arguments,
                          strings::format("invalid mask \"%.*s\"", static_cast<int>(text.size()), text.data()));
    return static_cast<int>(*bits);
}

}  // namespace

Result<AllowEntry> parse_allow_entry(std::string_view spec) {
    std::size_t slash = spec.find('/');
    std::string address(spec.substr(0, slash));
    std::string_view bits_text = slash == std::string_view::npos ? std::string_view() : spec.substr(slash + 1);

    AllowEntry entry;
    entry.text = std::string(spec);
    in_addr v4{};
    in6_addr v6{};
    int max_bits = 0;
    if (inet_aton(address.c_str(), &v4) != 0) {
        entry.family = AF_INET;
        std::memcpy(entry.address.data(), &v4, 4);
        max_bits = 32;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
        entry.family = AF_INET6;
        std::memcpy(entry.address.data(), &v6, 16);
        max_bits = 128;
    } else {
        return make_error(ExitCode::bad_arguments,
                          strings::format("can't parse internet address \"%s\"", address.c_str()));
    }
    auto bits = parse_bits(bits_text, max_bits);
    if (!bits) return std::move(bits).error();
    entry.bits = *bits;
    entry.mask = mask_of(entry.bits);
    for (std::size_t i = 0; i < entry.address.size(); ++i) entry.address[i] &= entry.mask[i];
    return entry;
}

std::vector<AllowEntry> private_networks() {
    static const char* const k_private[] = {"192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "127.0.0.0/8",
                                            "fe80::/10",      "fc00::/7",   "::1/128"};
    std::vector<AllowEntry> out;
    for (const char* spec : k_private) out.push_back(std::move(parse_allow_entry(spec).value()));
    return out;
}

PeerVerdict check_peer(const std::vector<AllowEntry>& entries, const sockaddr* peer, socklen_t length) {
    if (entries.empty() || length == 0 || peer == nullptr || peer->sa_family == AF_UNIX) return PeerVerdict::allowed;
    const uint8_t* v4 = nullptr;
    const uint8_t* v6 = nullptr;
    if (peer->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
        v4 = reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(peer)->sin_addr);
    } else if (peer->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
        const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(peer)->sin6_addr;
        v6 = a.s6_addr;
        v4 = embedded_ipv4(a);
    } else {
        return PeerVerdict::denied;
    }
    for (const AllowEntry& entry : entries) {
        if (entry.family == AF_INET && v4 && matches(entry, v4, 4)) return PeerVerdict::allowed;
        if (entry.family == AF_INET6 && v6 && matches(entry, v6, 16)) return PeerVerdict::allowed;
    }
    return PeerVerdict::denied;
}

}  // namespace dcc::daemon
