// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of capabilities.hpp.
#include "zeroconf/capabilities.hpp"

#include <algorithm>

#include "common/strings.hpp"

namespace dcc::zeroconf {
namespace {

constexpr const char* k_protocols_key = "protocols";
constexpr const char* k_features_key = "features";
// Bounds what a browser accepts from one announcement.
constexpr std::size_t k_max_groups = 64;
constexpr std::size_t k_max_names = 256;

bool printable_word(std::string_view word) {
    if (word.empty()) return false;
    return std::all_of(word.begin(), word.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

bool contains(const std::vector<int>& list, int value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// "cc<N>" for N >= 1
bool is_compiler_key(std::string_view key) {
    return key.size() > 2 && key.substr(0, 2) == "cc" && strings::parse_int(key.substr(2)).value_or(0) > 0;
}

// The records of one group: "ccN=MACHINE VERSION NAME...", as many as its names need.
// `number` is the next N; nothing when the group itself cannot be written.
std::vector<std::string> group_records(const CompilerGroup& group, int& number) {
    std::vector<std::string> records;
    if (!printable_word(group.machine) || !printable_word(group.version)) return records;
    std::string current;
    auto open = [&] { current = strings::format("cc%d=", number++) + group.machine + " " + group.version; };
    open();
    bool has_name = false;
    for (const std::string& name : group.names) {
        if (!printable_word(name)) continue;
        if (current.size() + 1 + name.size() > k_max_txt_string) {
            if (!has_name) return records;  // machine and version alone fill a record
            records.push_back(current);
            open();
        }
        if (current.size() + 1 + name.size() > k_max_txt_string) return records;
        current += " " + name;
        has_name = true;
    }
    if (has_name) records.push_back(current);
    return records;
}

}  // namespace

std::vector<std::string> capability_records(const Capabilities& caps, std::size_t budget) {
    std::vector<std::string> records;
    std::vector<std::string> protocols;
    for (int p : caps.protocols) protocols.push_back(std::to_string(p));
    records.push_back(std::string(k_protocols_key) + "=" + strings::join(protocols, ","));
    std::vector<std::string> features;
    if (caps.lzo) features.emplace_back("lzo");
    if (caps.cpp) features.emplace_back("cpp");
    if (caps.auth) features.emplace_back("auth");
    records.push_back(std::string(k_features_key) + "=" + strings::join(features, ","));
    std::size_t used = 0;
    for (const std::string& r : records) used += r.size() + 1;
    int number = 1;
    for (const CompilerGroup& group : caps.compilers) {
        int first = number;
        std::vector<std::string> more = group_records(group, number);
        std::size_t size = 0;
        for (const std::string& r : more) size += r.size() + 1;
        if (used + size > budget) {
            number = first;
            continue;  // a smaller group later may still fit
        }
        used += size;
        records.insert(records.end(), more.begin(), more.end());
    }
    return records;
}

std::vector<std::string> announcement_records(const ServiceSettings& settings, const CompilerIdentity& cc,
                                              const std::vector<CompilerGroup>& compilers) {
    std::vector<std::string> records = txt_records(settings, cc);
    std::size_t used = 0;
    for (const std::string& record : records) used += record.size() + 1;
    Capabilities caps;
    caps.auth = settings.auth;
    caps.compilers = compilers;
    std::vector<std::string> more = capability_records(caps, used < k_max_txt_total ? k_max_txt_total - used : 0);
    records.insert(records.end(), more.begin(), more.end());
    return records;
}

ServerInfo server_info_from_txt(const std::vector<std::pair<std::string, std::string>>& txt) {
    ServerInfo info;
    info.caps = Capabilities{{}, false, false, false, {}};
    for (const auto& [key, value] : txt) {
        if (key == "cc_version") {
            info.cc.version = first_word(value);
        } else if (key == "cc_machine") {
            info.cc.machine = first_word(value);
        } else if (key == k_protocols_key) {
            info.ours = true;
            for (const std::string& p : strings::split_any(value, ","))
                if (auto n = strings::parse_int(p); n && *n > 0 && *n < 100) info.caps.protocols.push_back(int(*n));
        } else if (key == k_features_key) {
            for (const std::string& f : strings::split_any(value, ",")) {
                if (f == "lzo") info.caps.lzo = true;
                if (f == "cpp") info.caps.cpp = true;
                if (f == "auth") info.caps.auth = true;
            }
        } else if (is_compiler_key(key) && info.caps.compilers.size() < k_max_groups) {
            std::vector<std::string> words = strings::split_any(value, " ");
            if (words.size() < 3) continue;
            CompilerGroup group{words[0], words[1], {}};
            for (std::size_t i = 2; i < words.size() && i - 2 < k_max_names; ++i) group.names.push_back(words[i]);
            info.caps.compilers.push_back(std::move(group));
        }
    }
    return info;
}

std::optional<std::string> host_options(const ServerInfo& server, const ClientAbilities& client) {
    if (!server.ours) return std::string();
    const Capabilities& caps = server.caps;
    if (caps.auth && !client.auth) return std::nullopt;
    std::string options;
    if (contains(caps.protocols, 3) && caps.cpp && caps.lzo)
        options = ",cpp,lzo";
    else if (contains(caps.protocols, 2) && caps.lzo)
        options = ",lzo";
    else if (!contains(caps.protocols, 1))
        return std::nullopt;
    if (caps.auth) options += ",auth";
    return options;
}

std::optional<std::vector<std::string>> usable_compilers(const ServerInfo& server, bool in_cc_group,
                                                         const LocalIdentity& local) {
    if (!server.ours || server.caps.compilers.empty()) {
        if (!in_cc_group) return std::nullopt;
        return std::vector<std::string>();
    }
    std::vector<std::string> names;
    for (const CompilerGroup& group : server.caps.compilers) {
        for (const std::string& name : group.names) {
            if (std::find(names.begin(), names.end(), name) != names.end()) continue;
            CompilerIdentity mine = local(name);
            if (mine.machine == group.machine && mine.version == group.version) names.push_back(name);
        }
    }
    if (names.empty()) return std::nullopt;
    return names;
}

}  // namespace dcc::zeroconf
