// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dns_domain.hpp (upstream dcc_get_dns_domain).
#include "tools/lsdistcc/dns_domain.hpp"

#include <limits.h>
#include <netdb.h>
#include <unistd.h>

namespace dcc::tools::lsdistcc {
namespace {

std::optional<std::string> canonical_domain(const std::string& host) {
    addrinfo hints{};
    hints.ai_flags = AI_CANONNAME;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return std::nullopt;
    std::optional<std::string> domain;
    if (found->ai_canonname) domain = domain_of(found->ai_canonname);
    ::freeaddrinfo(found);
    return domain;
}

}  // namespace

std::optional<std::string> domain_of(std::string_view host_name) {
    std::size_t dot = host_name.find('.');
    if (dot == std::string_view::npos || dot + 1 == host_name.size()) return std::nullopt;
    return std::string(host_name.substr(dot + 1));
}

Result<std::string> dns_domain(const env::Snapshot& env) {
    for (env::Var var : {env::Var::host, env::Var::hostname})
        if (auto value = env.get(var))
            if (auto domain = domain_of(*value)) return *domain;
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) == 0) {
        if (auto domain = domain_of(name)) return *domain;
        if (auto domain = canonical_domain(name)) return *domain;
    }
    return make_error(ExitCode::bad_arguments, "Can't get domain name");
}

}  // namespace dcc::tools::lsdistcc
