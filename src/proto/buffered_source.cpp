// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of buffered_source.hpp.
#include "proto/buffered_source.hpp"

#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/io.hpp"
#include "common/strings.hpp"

namespace dcc::proto {

BufferedFdSource::BufferedFdSource(int fd, int timeout_ms, int64_t deadline_ms, char* buffer)
    : m_fd(fd),
      m_timeout_ms(timeout_ms),
      m_deadline_ms(deadline_ms),
      m_own_buffer(buffer ? nullptr : new char[k_capacity]),
      m_buffer(buffer ? buffer : m_own_buffer.get()) {}

int BufferedFdSource::wait_budget_ms() const {
    if (m_deadline_ms < 0) return m_timeout_ms;
    int64_t left = std::max<int64_t>(0, m_deadline_ms - monotonic_ms());
    if (m_timeout_ms < 0) return static_cast<int>(std::min<int64_t>(left, INT32_MAX));
    return static_cast<int>(std::min<int64_t>(left, m_timeout_ms));
}

// One read(2), waiting for readability first only when the descriptor has nothing.
Result<std::size_t> BufferedFdSource::read_some(char* data, std::size_t size) {
    while (true) {
        ssize_t n = ::read(m_fd, data, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return make_error(ExitCode::io_error,
                              strings::format("failed to read from fd %d: %s", m_fd, std::strerror(errno)));
        int budget = wait_budget_ms();
        if (budget == 0)
            return make_error(ExitCode::io_error, strings::format("deadline passed while reading fd %d", m_fd));
        DCC_TRY(io::wait_readable(m_fd, budget));
    }
}

Status BufferedFdSource::read_exact(char* data, std::size_t size) {
    std::size_t done = std::min(size, buffered());
    std::memcpy(data, m_buffer + m_begin, done);
    m_begin += done;
    while (done < size) {
        std::size_t want = size - done;
        // Refill the buffer for small reads; read large remainders in place.
        bool direct = want >= k_capacity / 2;
        char* target = direct ? data + done : m_buffer;
        auto n = read_some(target, direct ? want : k_capacity);
        if (!n) return std::move(n).error();
        if (*n == 0)
            return make_error(ExitCode::truncated,
                              strings::format("unexpected EOF on fd %d after %zu of %zu bytes", m_fd, done, size));
        if (direct) {
            done += *n;
            continue;
        }
        m_begin = 0;
        m_end = *n;
        std::size_t take = std::min(want, m_end);
        std::memcpy(data + done, m_buffer, take);
        m_begin = take;
        done += take;
    }
    return {};
}

std::string BufferedFdSource::read_available(std::size_t max) {
    std::size_t take = std::min(max, buffered());
    std::string out(m_buffer + m_begin, take);
    m_begin += take;
    if (out.size() < max) out += io::read_available(m_fd, max - out.size());
    return out;
}

}  // namespace dcc::proto
