// SPDX-License-Identifier: GPL-2.0-or-later
// The daemon's --blacklist / --whitelist of client principals and the decision made
// from it once a client has authenticated.  Parsing and the decision are pure; only
// load_principal_list touches the disk.  Used by the server half of the GSS-API
// layer (gssapi_server.cpp); it does not know how names were authenticated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.hpp"
#include "common/result.hpp"

namespace dcc::auth {

// A set of principal names ("alice", no realm), matched exactly.
class PrincipalList {
public:
    // One name per line, as upstream dcc_gssapi_obtain_list reads the file: only
    // '\n' separates lines (a '\r' stays part of the name), every line counts, even
    // an empty one, a final line needs no newline, and a name ends at a NUL byte.
    static PrincipalList parse(std::string_view text);

    bool contains(std::string_view name) const;
    std::size_t size() const { return m_names.size(); }

private:
    std::vector<std::string> m_names;  // sorted, for binary search
};

Result<PrincipalList> load_principal_list(const std::string& path);

// "alice@EXAMPLE.ORG" -> "alice": the display name up to its first '@'.
std::string_view strip_realm(std::string_view display_name);

// Whether a client whose display name is `display_name` may use the daemon.
bool is_admitted(ListKind kind, const PrincipalList& list, std::string_view display_name);

}  // namespace dcc::auth
