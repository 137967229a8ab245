// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of config.hpp: the one client file that reads config.h.
#include "client/config.hpp"

#include "config.h"

namespace dcc::client {
namespace {

#ifdef DCC_HAVE_AVAHI
constexpr bool k_have_zeroconf = true;
#else
constexpr bool k_have_zeroconf = false;
#endif

#ifdef DCC_HAVE_GSSAPI
constexpr bool k_have_gssapi = true;
#else
constexpr bool k_have_gssapi = false;
#endif

}  // namespace

HostSpecFeatures build_features() { return HostSpecFeatures{k_have_zeroconf, k_have_gssapi}; }

const char* target_triple() { return DCC_TARGET_TRIPLE; }

const char* sysconfdir() { return DCC_SYSCONFDIR; }

HostListSources host_list_sources(const Config& config) {
    return HostListSources{config.hosts, config.distcc_dir, sysconfdir()};
}

}  // namespace dcc::client
