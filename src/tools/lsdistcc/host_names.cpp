// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_names.hpp (upstream lsdistcc's name generation).
#include "tools/lsdistcc/host_names.hpp"

#include <arpa/inet.h>

namespace dcc::tools::lsdistcc {
namespace {

bool is_ipv6_literal(const std::string& text) {
    unsigned char buf[16];
    return ::inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

bool is_ipv4_literal(const std::string& text) {
    unsigned char buf[4];
    return ::inet_pton(AF_INET, text.c_str(), buf) == 1;
}

}  // namespace

HostName host_name(const std::string& word, const std::string& domain) {
    std::string bare = word;
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
    if (is_ipv6_literal(bare)) return HostName{"[" + bare + "]", bare};
    if (domain.empty() || is_ipv4_literal(word)) return HostName{word, word};
    std::string full = word + "." + domain;
    return HostName{full, full};
}

Result<std::string> expand_format(const std::string& format, int number) {
    std::string out;
    bool substituted = false;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        char next = i + 1 < format.size() ? format[i + 1] : '\0';
        if (next == '%') {
            out += '%';
        } else if (next == 'd' && !substituted) {
            out += std::to_string(number);
            substituted = true;
        } else {
            return make_error(ExitCode::bad_arguments, "the name format may contain one %d and nothing else after %: " + format);
        }
        ++i;
    }
    return out;
}

Result<std::vector<HostName>> host_names(const std::vector<std::string>& words, const std::string& domain) {
    std::vector<HostName> names;
    std::string format = words.empty() ? "distcc%d" : words.front();
    if (!words.empty() && words.front().find("%d") == std::string::npos) {
        for (const std::string& word : words) names.push_back(host_name(word, domain));
        return names;
    }
    for (int number = 1; number <= k_max_format_names; ++number) {
        auto name = expand_format(format, number);
        if (!name) return std::move(name).error();
        names.push_back(host_name(*name, domain));
    }
    return names;
}

}  // namespace dcc::tools::lsdistcc
