// SPDX-License-Identifier: GPL-2.0-or-later
// The byte-stream seam under the protocol: a Source to read from and a Sink to write
// to, implemented over file descriptors (sockets, ssh pipes) and over memory (unit
// tests, fuzzing).  FdSink buffers small writes and sends them in one syscall on
// flush() or when the buffer fills; large bodies bypass the buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::proto {

class Source {
public:
    virtual ~Source() = default;
    // Exactly `size` bytes; ExitCode::truncated on early EOF, io_error on failure.
    virtual Status read_exact(char* data, std::size_t size) = 0;
    // Whatever is available right now, without blocking (for derailment messages).
    virtual std::string read_available(std::size_t max) = 0;
};

class Sink {
public:
    virtual ~Sink() = default;
    virtual Status write(std::string_view data) = 0;
    virtual Status flush() { return {}; }
};

class FdSource final : public Source {
public:
    FdSource(int fd, int timeout_ms) : m_fd(fd), m_timeout_ms(timeout_ms) {}
    Status read_exact(char* data, std::size_t size) override;
    std::string read_available(std::size_t max) override;
    int fd() const { return m_fd; }

private:
    int m_fd;
    int m_timeout_ms;
};

class FdSink final : public Sink {
public:
    FdSink(int fd, int timeout_ms) : m_fd(fd), m_timeout_ms(timeout_ms) {}
    Status write(std::string_view data) override;
    Status flush() override;
    int fd() const { return m_fd; }

private:
    static constexpr std::size_t k_buffer_limit = 64 * 1024;
    int m_fd;
    int m_timeout_ms;
    std::string m_buffer;
};

class MemorySource final : public Source {
public:
    explicit MemorySource(std::string_view data) : m_data(data) {}
    Status read_exact(char* data, std::size_t size) override;
    std::string read_available(std::size_t max) override;
    std::size_t remaining() const { return m_data.size() - m_pos; }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

class MemorySink final : public Sink {
public:
    Status write(std::string_view data) override {
        m_data.append(data);
        return {};
    }
    const std::string& data() const { return m_data; }

private:
    std::string m_data;
};

}  // namespace dcc::proto
