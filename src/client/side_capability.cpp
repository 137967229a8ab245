// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of side_capability.hpp.
#include "client/side_capability.hpp"

#include <array>

#include "common/log.hpp"
#include "proto/messages.hpp"

namespace dcc::client {
namespace {

constexpr int k_poll_ms = 50;

// The capability sets a mark can record: the known bits, most capable first.
constexpr std::uint32_t k_known_bits = proto::k_cap_side_files | proto::k_cap_coverage | proto::k_cap_clang_coverage;
constexpr std::array<std::uint32_t, 5> k_recorded = {k_known_bits,
                                                     proto::k_cap_side_files | proto::k_cap_clang_coverage,
                                                     proto::k_cap_side_files | proto::k_cap_coverage,
                                                     proto::k_cap_side_files, 0};

std::string mark(std::uint32_t bits, const std::string& key) { return "xcap" + std::to_string(bits) + "_" + key; }

// What is recorded for a host's bits: a coverage bit without the extension's is no.
std::uint32_t recorded(std::uint32_t bits) { return (bits & proto::k_cap_side_files) ? bits & k_known_bits : 0; }

bool fresh(BackoffStore& marks, const std::string& name) {
    auto age = marks.age_seconds(name);
    return age && *age && **age >= -1 && **age < k_side_answer_lifetime_sec;
}

std::optional<std::uint32_t> cached(BackoffStore& marks, const std::string& key) {
    for (std::uint32_t bits : k_recorded)
        if (fresh(marks, mark(bits, key))) return bits;
    return std::nullopt;
}

SideSupport judged(std::optional<std::uint32_t> bits, std::uint32_t needed) {
    if (!bits) return SideSupport::unknown;
    return (*bits & needed) == needed && (*bits & proto::k_cap_side_files) ? SideSupport::yes : SideSupport::no;
}

}  // namespace

SideSupport side_support(const std::string& host_key, LockService& locks, BackoffStore& marks, Pauser& pauser,
                         const std::function<std::optional<std::uint32_t>()>& probe, std::uint32_t needed) {
    if (auto known = cached(marks, host_key)) return judged(known, needed);
    // One prober per host: wait (bounded) for whoever holds the probe lock.
    std::string lock_name = "xcapprobe_" + host_key;
    std::optional<int> handle;
    for (int waited = 0; waited <= k_probe_wait_ms; waited += k_poll_ms) {
        auto locked = locks.try_lock(lock_name);
        if (!locked) break;  // no lock directory: probe without one
        if (*locked) {
            handle = *locked;
            break;
        }
        pauser.pause(k_poll_ms);
        if (auto known = cached(marks, host_key)) return judged(known, needed);
    }
    std::optional<std::uint32_t> bits = cached(marks, host_key);
    if (!bits) {
        bits = probe();
        if (bits) {
            *bits = recorded(*bits);
            for (std::uint32_t other : k_recorded)
                if (other != *bits) marks.remove(mark(other, host_key));
            if (Status noted = marks.touch(mark(*bits, host_key)); !noted)
                DCC_DEBUG("cannot record the probe's answer: %s", noted.error().message.c_str());
        }
    }
    if (handle) locks.unlock(*handle);
    return judged(bits, needed);
}

void forget_side_support(const std::string& host_key, BackoffStore& marks) {
    for (std::uint32_t bits : k_recorded)
        if (bits != 0) marks.remove(mark(bits, host_key));
}

}  // namespace dcc::client
