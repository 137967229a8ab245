// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of config.hpp: the one client file that reads config.h.
#include "client/config.hpp"

#include "auth/auth.hpp"
#include "config.h"

namespace dcc::client {

// Both words are always part of the grammar: a build without Avahi or GSS-API
// refuses `+zeroconf` and `,auth` when they are used, with the library's message
// (zeroconf/disabled.cpp, auth/disabled.cpp), rather than reading `+zeroconf` as a
// host name or rejecting the whole list.
HostSpecFeatures build_features() { return HostSpecFeatures{true, true}; }

const char* target_triple() { return DCC_TARGET_TRIPLE; }

const char* sysconfdir() { return DCC_SYSCONFDIR; }

HostListSources host_list_sources(const Config& config) {
    return HostListSources{config.hosts, config.distcc_dir, sysconfdir(),
                           zeroconf::ClientAbilities{auth::available(), config.search_path},
                           config.env.is_set(env::Var::include_server_port)};
}

}  // namespace dcc::client
