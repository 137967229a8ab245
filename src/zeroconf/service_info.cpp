// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of service_info.hpp.
#include "zeroconf/service_info.hpp"

#include <set>

#include "common/strings.hpp"
#include "common/version.hpp"

namespace dcc::zeroconf {
namespace {

// Upstream keeps each part in a 64-byte buffer.
constexpr std::size_t k_max_part = 63;

std::string mangle(std::string_view part) {
    std::string out(part.substr(0, k_max_part));
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            c = '-';
    }
    return out;
}

}  // namespace

std::optional<std::string> first_word(std::string_view output) {
    output = output.substr(0, output.find('\n'));
    output = output.substr(0, k_max_part);
    std::string_view word = output.substr(0, output.find_first_of(" \t\r"));
    if (word.empty()) return std::nullopt;
    return std::string(word);
}

std::optional<std::string> subtype_for(const CompilerIdentity& identity) {
    if (!identity.version || !identity.machine) return std::nullopt;
    return "_" + mangle(*identity.machine) + "--" + mangle(*identity.version) + "._sub." + k_service_type;
}

std::string service_name(std::string_view hostname) { return "distcc@" + std::string(hostname); }

std::vector<std::string> txt_records(const ServiceSettings& settings, const CompilerIdentity& identity) {
    std::vector<std::string> records = {
        "txtvers=1",
        strings::format("cpus=%d", settings.cpus),
        strings::format("jobs=%d", settings.jobs),
        std::string("distcc=") + version_string(),
        std::string("gnuhost=") + gnu_host(),
    };
    // Upstream passes these to a NULL-terminated variadic call, so a missing version
    // also drops the machine; kept so both daemons announce the same records.
    if (identity.version) {
        records.push_back("cc_version=" + *identity.version);
        if (identity.machine) records.push_back("cc_machine=" + *identity.machine);
    }
    return records;
}

int jobs_from_txt(const std::vector<std::pair<std::string, std::string>>& txt) {
    int cpus = 1;
    std::optional<long long> jobs;
    for (const auto& [key, value] : txt) {
        if (key == "cpus") {
            long long n = strings::atoi_like(value);
            cpus = n <= 0 ? 1 : static_cast<int>(std::min<long long>(n, 1 << 20));
        } else if (key == "jobs") {
            jobs = strings::atoi_like(value);
        }
    }
    if (!jobs) return 4;
    if (*jobs <= 0) return cpus + 2;
    return static_cast<int>(std::min<long long>(*jobs, 1 << 20));
}

std::string render_hosts_file(const std::vector<DiscoveredHost>& hosts) {
    std::string text;
    std::set<std::string> written;
    for (bool ipv6_pass : {false, true}) {
        for (const DiscoveredHost& host : hosts) {
            if (host.ipv6 != ipv6_pass || !written.insert(host.service).second) continue;
            text += host.ipv6 ? strings::format("[%s]:%u/%d\n", host.address.c_str(), host.port, host.jobs)
                              : strings::format("%s:%u/%d\n", host.address.c_str(), host.port, host.jobs);
        }
    }
    return text;
}

}  // namespace dcc::zeroconf
