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

bool is_link_local_ipv6(std::string_view address) {
    // The first group is four digits, "fe8" to "feb".
    if (address.find(':') != 4) return false;
    std::string head(address.substr(0, 3));
    for (char& c : head) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return head == "fe8" || head == "fe9" || head == "fea" || head == "feb";
}

namespace {

constexpr std::string_view k_compilers_note = "# compilers:";

// 0 IPv4, 1 global IPv6, 2 link-local IPv6 (which order render_hosts_file writes).
int address_kind(const DiscoveredHost& host) {
    if (!host.ipv6) return 0;
    return is_link_local_ipv6(host.address) ? 2 : 1;
}

std::string host_word(const DiscoveredHost& host) {
    std::string address = host.address;
    if (address_kind(host) == 2) address += "%" + host.interface;
    return strings::format(host.ipv6 ? "[%s]:%u/%d" : "%s:%u/%d", address.c_str(), host.port, host.jobs) + host.options;
}

}  // namespace

std::string render_hosts_file(const std::vector<DiscoveredHost>& hosts) {
    std::string text;
    std::set<std::string> written;
    for (int kind : {0, 1, 2}) {
        for (const DiscoveredHost& host : hosts) {
            if (address_kind(host) != kind) continue;
            if (kind == 2 && host.interface.empty()) continue;  // cannot be dialled
            if (!written.insert(host.service).second) continue;
            text += host_word(host);
            if (!host.compilers.empty())
                text += " " + std::string(k_compilers_note) + " " + strings::join(host.compilers, " ");
            text += "\n";
        }
    }
    return text;
}

std::vector<std::pair<std::string, std::vector<std::string>>> hosts_file_compilers(std::string_view text) {
    std::vector<std::pair<std::string, std::vector<std::string>>> notes;
    for (const std::string& line : strings::split_any(text, "\n")) {
        std::size_t at = line.find(k_compilers_note);
        if (at == std::string::npos) continue;
        std::vector<std::string> words = strings::split_any(std::string_view(line).substr(0, at), " \t\r");
        std::vector<std::string> names = strings::split_any(std::string_view(line).substr(at + k_compilers_note.size()),
                                                            " \t\r");
        if (words.size() != 1 || names.empty()) continue;
        notes.emplace_back(std::move(words[0]), std::move(names));
    }
    return notes;
}

}  // namespace dcc::zeroconf
