// SPDX-License-Identifier: GPL-2.0-or-later
// Blocking-style reads and writes on file descriptors with an inactivity timeout.
// Works on blocking and non-blocking descriptors alike: when a call would block, it
// polls for at most `timeout_ms` before giving up with ExitCode::io_error.  EOF
// before the requested count is ExitCode::truncated.  Used by the protocol streams of
// client and daemon; it knows nothing of the protocol itself.
#pragma once

#include <cstddef>
#include <string>

#include "common/result.hpp"

namespace dcc::io {

// No timeout: wait as long as it takes.
inline constexpr int k_no_timeout = -1;

// Wait until `fd` is readable (or writable); io_error on timeout.
Status wait_readable(int fd, int timeout_ms);
Status wait_writable(int fd, int timeout_ms);
// Whether `fd` becomes readable within `timeout_ms`: false on timeout, which here is
// an answer rather than an error (the GSS-API handshake tells "server does not
// authenticate" from "server is slow" this way).
Result<bool> readable_within(int fd, int timeout_ms);

// Write every byte.  EPIPE/ECONNRESET and friends are io_error.
Status write_all(int fd, const void* data, std::size_t size, int timeout_ms);
inline Status write_all(int fd, const std::string& data, int timeout_ms) {
    return write_all(fd, data.data(), data.size(), timeout_ms);
}

// Read exactly `size` bytes; EOF first is ExitCode::truncated.
Status read_exact(int fd, void* data, std::size_t size, int timeout_ms);

// Read at most `size` bytes (at least one unless EOF, which returns 0).
Result<std::size_t> read_some(int fd, void* data, std::size_t size, int timeout_ms);

// Read whatever can be read right now without blocking (up to `max` bytes).
std::string read_available(int fd, std::size_t max);

Status set_nonblocking(int fd, bool on);
Status set_cloexec(int fd);

}  // namespace dcc::io
