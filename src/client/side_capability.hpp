// SPDX-License-Identifier: GPL-2.0-or-later
// Does a host speak the side-file extension (doc/protocol.md §16.1)?  The answer of
// one probe per host is cached in the lock directory as an empty mark file --
// `xcap1_<host>` (yes) or `xcap0_<host>` (no) -- judged by its mtime like the backoff
// marks, so a crash leaves either a whole answer or none.  A client that finds no
// fresh answer takes the fcntl lock `xcapprobe_<host>` before probing; others wait for
// it and read the answer it recorded, so a `make -j` costs one probe per host.
#pragma once

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

// The cached answer for `host_key` (lock_host_key), or `probe()`'s, recorded when it
// is yes or no.  `probe` returns nullopt when the host could not be asked.
SideSupport side_support(const std::string& host_key, LockService& locks, BackoffStore& marks, Pauser& pauser,
                         const std::function<std::optional<bool>()>& probe);

// Drop a cached "yes" (the host then closed a side-file job without a reply).
void forget_side_support(const std::string& host_key, BackoffStore& marks);

}  // namespace dcc::client
