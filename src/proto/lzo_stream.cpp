// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of lzo_stream.hpp: an LZO1X decoder (the bitstream of liblzo2's
// lzo1x_d.ch, as in Linux's lzo1x_decompress_safe.c) over a pull input and a sliding
// output window.
#include "proto/lzo_stream.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "common/strings.hpp"

namespace dcc::proto {
namespace {

constexpr std::size_t k_input_chunk = 64 * 1024;
constexpr std::size_t k_history = 64 * 1024;     // > 0xbfff, the farthest LZO1X match
constexpr std::size_t k_flush = 1024 * 1024;     // plain bytes handed on at once
constexpr std::size_t k_max_zero_run = 1u << 22;  // longer length escapes are corrupt

class Decoder {
public:
    Decoder(Source& source, std::size_t compressed_length, std::size_t max_output, const PlainSink& sink)
        : m_source(source),
          m_left(compressed_length),
          m_max_output(max_output),
          m_sink(sink),
          m_in(new unsigned char[k_input_chunk]),
          m_out(new unsigned char[k_history + k_flush]) {}

    Result<std::size_t> run();

private:
    bool byte(std::size_t& value);
    bool peek(std::size_t& value);
    bool length_escape(std::size_t base, std::size_t& length);
    bool literals(std::size_t count);
    bool match(std::size_t length, std::size_t distance);
    bool make_room();
    bool corrupt(const char* what);

    Source& m_source;
    std::size_t m_left;  // compressed bytes not yet read from the source
    std::size_t m_max_output;
    const PlainSink& m_sink;
    std::unique_ptr<unsigned char[]> m_in;
    std::size_t m_in_pos = 0;
    std::size_t m_in_end = 0;
    std::unique_ptr<unsigned char[]> m_out;
    std::size_t m_op = 0;          // next write position in m_out
    std::size_t m_flushed = 0;     // m_out[0, m_flushed) went to the sink already
    std::size_t m_base = 0;        // plain offset of m_out[0]
    std::optional<Error> m_error;  // set when a step fails
};

bool Decoder::corrupt(const char* what) {
    m_error = make_error(ExitCode::io_error, strings::format("LZO decompression failed (%s)", what));
    return false;
}

bool Decoder::peek(std::size_t& value) {
    if (m_in_pos == m_in_end) {
        if (m_left == 0) return corrupt("input overrun");
        std::size_t step = std::min(m_left, k_input_chunk);
        if (Status got = m_source.read_exact(reinterpret_cast<char*>(m_in.get()), step); !got) {
            m_error = std::move(got).error();
            return false;
        }
        m_left -= step;
        m_in_pos = 0;
        m_in_end = step;
    }
    value = m_in[m_in_pos];
    return true;
}

bool Decoder::byte(std::size_t& value) {
    if (!peek(value)) return false;
    ++m_in_pos;
    return true;
}

// The run-length escape of a literal or match length: zero bytes add 255 each, the
// first non-zero byte ends it.
bool Decoder::length_escape(std::size_t base, std::size_t& length) {
    std::size_t zeros = 0, b = 0;
    while (true) {
        if (!byte(b)) return false;
        if (b != 0) break;
        if (++zeros > k_max_zero_run) return corrupt("length overflow");
    }
    length = zeros * 255 + base + b;
    return true;
}

// Hand on everything but the history and slide it to the front.
bool Decoder::make_room() {
    if (m_op < k_history + k_flush) return true;
    std::string_view piece(reinterpret_cast<const char*>(m_out.get() + m_flushed), m_op - m_flushed);
    if (Status sent = m_sink(piece); !sent) {
        m_error = std::move(sent).error();
        return false;
    }
    std::memmove(m_out.get(), m_out.get() + m_op - k_history, k_history);
    m_base += m_op - k_history;
    m_op = k_history;
    m_flushed = k_history;
    return true;
}

bool Decoder::literals(std::size_t count) {
    if (count > m_max_output - std::min(m_max_output, m_base + m_op))
        return corrupt(strings::format("data decompresses to more than the limit of %zu bytes", m_max_output).c_str());
    while (count > 0) {
        std::size_t b = 0;
        if (!peek(b) || !make_room()) return false;
        std::size_t step = std::min({count, m_in_end - m_in_pos, k_history + k_flush - m_op});
        std::memcpy(m_out.get() + m_op, m_in.get() + m_in_pos, step);
        m_in_pos += step;
        m_op += step;
        count -= step;
    }
    return true;
}

bool Decoder::match(std::size_t length, std::size_t distance) {
    if (distance > m_op) return corrupt("lookbehind overrun");
    if (length > m_max_output - std::min(m_max_output, m_base + m_op))
        return corrupt(strings::format("data decompresses to more than the limit of %zu bytes", m_max_output).c_str());
    while (length > 0) {
        if (!make_room()) return false;
        std::size_t step = std::min(length, k_history + k_flush - m_op);
        unsigned char* to = m_out.get() + m_op;
        const unsigned char* from = to - distance;
        if (distance >= step)
            std::memcpy(to, from, step);
        else
            for (std::size_t i = 0; i < step; ++i) to[i] = from[i];
        m_op += step;
        length -= step;
    }
    return true;
}

Result<std::size_t> Decoder::run() {
    std::size_t t = 0, next = 0, state = 0, b = 0;
    auto failed = [this]() -> Error { return std::move(*m_error); };
    if (m_left == 0) return std::size_t{0};
    if (m_left < 3) {
        corrupt("input overrun");
        return failed();
    }
    if (!peek(t)) return failed();
    if (t > 17) {
        ++m_in_pos;
        t -= 17;
        if (t >= 4) {
            if (!literals(t)) return failed();
            state = 4;
        } else {
            if (!literals(t)) return failed();
            state = t;
        }
    }
    while (true) {
        if (!byte(t)) return failed();
        std::size_t length = 0, distance = 0;
        if (t < 16) {
            if (state == 0) {
                // A literal run.
                if (t == 0) {
                    if (!length_escape(15, t)) return failed();
                }
                if (!literals(t + 3)) return failed();
                state = 4;
                continue;
            }
            if (!byte(b)) return failed();
            next = t & 3;
            if (state != 4) {
                length = 2;
                distance = 1 + (t >> 2) + (b << 2);
            } else {
                length = 3;
                distance = 1 + 0x800 + (t >> 2) + (b << 2);
            }
        } else if (t >= 64) {
            if (!byte(b)) return failed();
            next = t & 3;
            distance = 1 + ((t >> 2) & 7) + (b << 3);
            length = (t >> 5) + 1;
        } else if (t >= 32) {
            length = (t & 31) + 2;
            if (length == 2 && !length_escape(33, length)) return failed();
            std::size_t lo = 0, hi = 0;
            if (!byte(lo) || !byte(hi)) return failed();
            distance = 1 + (((hi << 8) | lo) >> 2);
            next = lo & 3;
        } else {
            length = (t & 7) + 2;
            if (length == 2 && !length_escape(9, length)) return failed();
            std::size_t lo = 0, hi = 0;
            if (!byte(lo) || !byte(hi)) return failed();
            distance = ((t & 8) << 11) + (((hi << 8) | lo) >> 2);
            next = lo & 3;
            if (distance == 0) {
                // The end marker.
                if (length != 3) {
                    corrupt("bad end marker");
                    return failed();
                }
                if (m_left != 0 || m_in_pos != m_in_end) {
                    corrupt("input not consumed");
                    return failed();
                }
                break;
            }
            distance += 0x4000;
        }
        if (!match(length, distance) || !literals(next)) return failed();
        state = next;
    }
    if (m_op > m_flushed) {
        std::string_view piece(reinterpret_cast<const char*>(m_out.get() + m_flushed), m_op - m_flushed);
        if (Status sent = m_sink(piece); !sent) return std::move(sent).error();
    }
    return m_base + m_op;
}

}  // namespace

Result<std::size_t> lzo_decompress_stream(Source& source, std::size_t compressed_length, std::size_t max_output,
                                          const PlainSink& sink) {
    return Decoder(source, compressed_length, max_output, sink).run();
}

}  // namespace dcc::proto
