// SPDX-License-Identifier: GPL-2.0-or-later
// BufferedFdSource: a Source over a descriptor that reads in large chunks, so that a
// request of many small packets (12-byte headers, short ARGV words) costs a few read
// calls instead of two per packet.  Large reads bypass the buffer.  Besides the
// per-call inactivity timeout it honours an optional overall deadline (the daemon
// bounds a whole request by --job-lifetime).  Used by distccd; the client's replies
// are few and large and keep using FdSource.
#pragma once

#include <cstdint>
#include <memory>

#include "common/clock.hpp"
#include "proto/stream.hpp"

namespace dcc::proto {

class BufferedFdSource final : public Source {
public:
    // `timeout_ms` < 0: no inactivity timeout.  `deadline_ms` is on CLOCK_MONOTONIC
    // (monotonic_ms()); < 0: none.  A long-lived caller may lend its own buffer of
    // k_capacity bytes (a server reading one request after another); otherwise the
    // source allocates one.
    BufferedFdSource(int fd, int timeout_ms, int64_t deadline_ms = -1, char* buffer = nullptr);

    static constexpr std::size_t k_capacity = 64 * 1024;

    Status read_exact(char* data, std::size_t size) override;
    std::string read_available(std::size_t max) override;

    // Bytes already read from the descriptor but not yet consumed.
    std::size_t buffered() const { return m_end - m_begin; }
    int fd() const { return m_fd; }

private:
    Result<std::size_t> read_some(char* data, std::size_t size);
    int wait_budget_ms() const;

    int m_fd;
    int m_timeout_ms;
    int64_t m_deadline_ms;
    std::unique_ptr<char[]> m_own_buffer;
    char* m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
};

// The deadline clock (common/clock.hpp), under the name the daemon's callers use.
using clock::monotonic_ms;

}  // namespace dcc::proto
