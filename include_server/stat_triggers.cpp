// SPDX-License-Identifier: GPL-2.0-or-later
// Upstream's DoStatResetTriggers (include_analyzer.py).
#include "include_server/stat_triggers.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace dcc::include_server {

Stamp stamp_of_path(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Stamp{0, 0, 0, true};
    return Stamp{static_cast<long long>(st.st_mtim.tv_sec) * 1000000000ll + st.st_mtim.tv_nsec,
                 static_cast<unsigned long long>(st.st_ino), static_cast<unsigned long long>(st.st_dev), false};
}

StatResetTriggers::StatResetTriggers(std::vector<std::string> globs, Glob glob, StampOf stamp_of)
    : m_glob(std::move(glob)), m_stamp_of(std::move(stamp_of)) {
    for (std::string& pattern : globs) {
        Trigger trigger{std::move(pattern), {}};
        for (const std::string& path : m_glob(trigger.glob)) trigger.stamps[path] = m_stamp_of(path);
        m_triggers.push_back(std::move(trigger));
    }
}

std::optional<std::string> StatResetTriggers::check() {
    std::vector<std::pair<Trigger*, std::string>> unseen;
    for (Trigger& trigger : m_triggers)
        for (const auto& entry : trigger.stamps) unseen.emplace_back(&trigger, entry.first);
    for (Trigger& trigger : m_triggers) {
        for (const std::string& path : m_glob(trigger.glob)) {
            std::erase_if(unseen, [&](const auto& u) { return u.first == &trigger && u.second == path; });
            Stamp now = m_stamp_of(path);
            auto known = trigger.stamps.find(path);
            if (known == trigger.stamps.end()) {
                trigger.stamps[path] = now;
                return "Path '" + path + "' came into existence. Clearing caches.";
            }
            if (!(known->second == now)) {
                known->second = now;
                return "Path '" + path + "' changed. Clearing caches.";
            }
        }
    }
    if (unseen.empty()) return std::nullopt;
    auto [trigger, path] = unseen.front();
    trigger->stamps.erase(path);
    return "Path '" + path + "' no longer exists. Clearing caches.";
}

}  // namespace dcc::include_server
