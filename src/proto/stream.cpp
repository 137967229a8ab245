// SPDX-License-Identifier: GPL-2.0-or-later
// Implementations of the stream classes of stream.hpp.
#include "proto/stream.hpp"

#include <algorithm>
#include <cstring>

#include "common/io.hpp"
#include "common/strings.hpp"

namespace dcc::proto {

Status FdSource::read_exact(char* data, std::size_t size) { return io::read_exact(m_fd, data, size, m_timeout_ms); }

std::string FdSource::read_available(std::size_t max) { return io::read_available(m_fd, max); }

Status FdSink::write(std::string_view data) {
    if (m_buffer.size() + data.size() <= k_buffer_limit) {
        m_buffer.append(data);
        return {};
    }
    DCC_TRY(flush());
    if (data.size() <= k_buffer_limit / 2) {
        m_buffer.append(data);
        return {};
    }
    return io::write_all(m_fd, data.data(), data.size(), m_timeout_ms);
}

Status FdSink::flush() {
    if (m_buffer.empty()) return {};
    auto written = io::write_all(m_fd, m_buffer.data(), m_buffer.size(), m_timeout_ms);
    m_buffer.clear();
    return written;
}

Status MemorySource::read_exact(char* data, std::size_t size) {
    if (remaining() < size) {
        std::size_t had = remaining();
        m_pos = m_data.size();
        return make_error(ExitCode::truncated, strings::format("unexpected EOF after %zu of %zu bytes", had, size));
    }
    std::memcpy(data, m_data.data() + m_pos, size);
    m_pos += size;
    return {};
}

std::string MemorySource::read_available(std::size_t max) {
    std::size_t n = std::min(max, remaining());
    std::string out(m_data.substr(m_pos, n));
    m_pos += n;
    return out;
}

}  // namespace dcc::proto
