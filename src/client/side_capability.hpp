// SPDX-License-Identifier: GPL-2.0-or-later
// Does a host speak the side-file extension (doc/protocol.md §16.1), and which of its
// capabilities?  The answer of one probe per host is cached in the lock directory as
// an empty mark file named after the known bits it reported -- `xcap7_<host>` (side
// files, gcc and clang coverage), `xcap3_<host>` (side files and gcc coverage),
// `xcap1_<host>` (side files), `xcap0_<host>` (no) -- judged by
// its mtime like the backoff marks, so a crash leaves either a whole answer or none.
// A client that finds no fresh answer takes the fcntl lock `xcapprobe_<host>` before
// probing; others wait for it and read the answer it recorded, so a `make -j` costs
// one probe per host.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "client/lock_store.hpp"
#include "client/slots.hpp"

namespace dcc::client {

enum class SideSupport { yes, no, unknown };

// How long an answer is believed (doc/protocol.md §16.1).
inline constexpr double k_side_answer_lifetime_sec = 3600;
// How long a client waits for another one's probe before probing itself.
inline constexpr int k_probe_wait_ms = 10000;

// Does the host have every capability bit of `needed` (proto::k_cap_*)?  From the
// cached answer for `host_key` (lock_host_key), or `probe()`'s, which is recorded.
// `probe` returns the host's bits (0: no extension), nullopt when it could not be asked.
SideSupport side_support(const std::string& host_key, LockService& locks, BackoffStore& marks, Pauser& pauser,
                         const std::function<std::optional<std::uint32_t>()>& probe, std::uint32_t needed);

// Drop a cached "yes" (the host then closed a side-file job without a reply).
void forget_side_support(const std::string& host_key, BackoffStore& marks);

}  // namespace dcc::client
