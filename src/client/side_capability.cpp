// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of side_capability.hpp.
#include "client/side_capability.hpp"

#include "common/log.hpp"

namespace dcc::client {
namespace {

constexpr int k_poll_ms = 50;

std::string yes_mark(const std::string& key) { return "xcap1_" + key; }
std::string no_mark(const std::string& key) { return "xcap0_" + key; }

bool fresh(BackoffStore& marks, const std::string& name) {
    auto age = marks.age_seconds(name);
    return age && *age && **age >= -1 && **age < k_side_answer_lifetime_sec;
}

std::optional<SideSupport> cached(BackoffStore& marks, const std::string& key) {
    if (fresh(marks, yes_mark(key))) return SideSupport::yes;
    if (fresh(marks, no_mark(key))) return SideSupport::no;
    return std::nullopt;
}

}  // namespace

SideSupport side_support(const std::string& host_key, LockService& locks, BackoffStore& marks, Pauser& pauser,
                         const std::function<std::optional<bool>()>& probe) {
    if (auto known = cached(marks, host_key)) return *known;
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
        if (auto known = cached(marks, host_key)) return *known;
    }
    std::optional<SideSupport> result = cached(marks, host_key);
    if (!result) {
        std::optional<bool> answer = probe();
        result = !answer ? SideSupport::unknown : *answer ? SideSupport::yes : SideSupport::no;
        if (answer) {
            marks.remove(*answer ? no_mark(host_key) : yes_mark(host_key));
            if (Status noted = marks.touch(*answer ? yes_mark(host_key) : no_mark(host_key)); !noted)
                DCC_DEBUG("cannot record the probe's answer: %s", noted.error().message.c_str());
        }
    }
    if (handle) locks.unlock(*handle);
    return *result;
}

void forget_side_support(const std::string& host_key, BackoffStore& marks) { marks.remove(yes_mark(host_key)); }

}  // namespace dcc::client
