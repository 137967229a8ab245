// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of names.hpp.
#include "auth/names.hpp"

namespace dcc::auth {

PrincipalName server_principal(std::string_view host, const std::optional<std::string>& distcc_principal) {
    if (distcc_principal) return {*distcc_principal + "@" + std::string(host), NameType::host_based_service};
    return {"host/" + std::string(host), NameType::user_name};
}

PrincipalName acceptor_principal(std::string_view distccd_principal) {
    NameType type = distccd_principal.find('@') != std::string_view::npos ? NameType::host_based_service
                                                                         : NameType::user_name;
    return {std::string(distccd_principal), type};
}

}  // namespace dcc::auth
