// SPDX-License-Identifier: GPL-2.0-or-later
// Client-only settings that are not environment variables: the host-list words this
// client understands, the triple for compiler-name rewriting, and where host files
// live.  Everything read from the environment is in dcc::Config (common/config.hpp);
// this file turns config.h's build-time facts into constants so no function needs
// an #ifdef.
#pragma once

#include <string>

#include "client/host_file.hpp"
#include "client/host_spec.hpp"
#include "common/config.hpp"

namespace dcc::client {

// The words the host-list grammar accepts: always `+zeroconf` and `,auth`.
HostSpecFeatures build_features();

// "x86_64-linux-gnu" (DCC_TARGET_TRIPLE).
const char* target_triple();

// "/etc" or wherever configure put sysconfdir.
const char* sysconfdir();

// The host-list sources for this process.
HostListSources host_list_sources(const Config& config);

}  // namespace dcc::client
