// SPDX-License-Identifier: GPL-2.0-or-later
// How the GSS-API layer spells principal names before importing them: the server
// principal a client asks for, and the acceptor principal the daemon runs as.  Pure
// functions, shared by the real implementation and its unit tests; importing the
// names (and everything else GSS-API) happens in gssapi_*.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dcc::auth {

// The two GSS-API name types distcc uses (GSS_C_NT_HOSTBASED_SERVICE "service@host"
// and GSS_C_NT_USER_NAME, a Kerberos principal such as "host/example.org").
enum class NameType { host_based_service, user_name };

struct PrincipalName {
    std::string text;
    NameType type;

    bool operator==(const PrincipalName&) const = default;
};

// The server principal a client authenticates against (upstream
// dcc_gssapi_establish_secure_context): with DISTCC_PRINCIPAL set,
// "<principal>@<host>" as a host-based service; otherwise "host/<host>" as a user
// name.  QUIRK kept on purpose: the name types look swapped, but this is what
// peers and their keytabs expect.
PrincipalName server_principal(std::string_view host, const std::optional<std::string>& distcc_principal);

// The daemon's own principal from DISTCCD_PRINCIPAL (upstream
// dcc_gssapi_acquire_credentials): a host-based service if it contains '@', else a
// user name ("host/build1.example.org").
PrincipalName acceptor_principal(std::string_view distccd_principal);

}  // namespace dcc::auth
