// SPDX-License-Identifier: GPL-2.0-or-later
// The files a zeroconf browser shares with its clients in $DISTCC_DIR/zeroconf/
// (doc/client.md §7.3): `lock`, write-locked for as long as a browser runs, and
// `hosts`, rewritten by the browser under an exclusive lock and read by clients
// under a shared one.  A client's read also marks the file as used, which is what
// keeps the browser alive.  fcntl locks throughout, as upstream.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::zeroconf {

inline constexpr std::size_t k_max_hosts_file_size = 100 * 1024;

// "<distcc_dir>/zeroconf", created if missing.
Result<std::string> zeroconf_dir(const std::string& distcc_dir);

// A non-blocking write lock on `lock_path` (created if missing): the descriptor
// holding it, or an invalid one when someone else holds it.
Result<UniqueFd> try_lock(const std::string& lock_path);

// Open (create) the hosts file for the browser.
Result<UniqueFd> open_hosts_for_writing(const std::string& hosts_path);

// Replace the whole file under an exclusive lock (upstream write_hosts).
Status replace_hosts(int hosts_fd, std::string_view text);

// Read the whole file under a shared lock and mark it as read (the client side of
// upstream dcc_zeroconf_add_hosts); io_error from 100 KB on.
Result<std::string> read_hosts(const std::string& hosts_path);

// Seconds since the file was last read, counting from `since` at the earliest
// (upstream fd_last_used).
Result<long> seconds_unused(int hosts_fd, std::time_t since);

}  // namespace dcc::zeroconf
