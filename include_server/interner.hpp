// SPDX-License-Identifier: GPL-2.0-or-later
// Interner: maps strings to small dense numbers and back, so that the include
// graph and the caches key on integers instead of hashing paths again and again
// (upstream's MapToIndex).  Number 0 is never handed out; it means "none".  The
// strings live in a chunked arena that never moves, so views stay valid for the
// interner's life.  Not thread-safe: the analysis that owns it runs under one lock.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dcc::include_server {

using Id = uint32_t;

class Interner {
public:
    Interner() { m_strings.emplace_back(); }
    Interner(const Interner&) = delete;
    Interner& operator=(const Interner&) = delete;

    Id intern(std::string_view text) {
        auto it = m_ids.find(text);
        if (it != m_ids.end()) return it->second;
        std::string_view stored = store(text);
        Id id = static_cast<Id>(m_strings.size());
        m_strings.push_back(stored);
        m_ids.emplace(stored, id);
        return id;
    }
    // 0 when the text was never interned.
    Id find(std::string_view text) const {
        auto it = m_ids.find(text);
        return it == m_ids.end() ? 0 : it->second;
    }
    std::string_view text(Id id) const { return m_strings[id]; }
    std::size_t size() const { return m_strings.size(); }  // one more than the count

private:
    static constexpr std::size_t k_chunk = 64 * 1024;

    std::string_view store(std::string_view text) {
        if (text.size() > k_chunk / 4) {
            m_large.push_back(std::make_unique<char[]>(text.size()));
            std::copy(text.begin(), text.end(), m_large.back().get());
            return std::string_view(m_large.back().get(), text.size());
        }
        if (m_chunks.empty() || m_used + text.size() > k_chunk) {
            m_chunks.push_back(std::make_unique<char[]>(k_chunk));
            m_used = 0;
        }
        char* at = m_chunks.back().get() + m_used;
        std::copy(text.begin(), text.end(), at);
        m_used += text.size();
        return std::string_view(at, text.size());
    }

    std::vector<std::unique_ptr<char[]>> m_chunks;
    std::vector<std::unique_ptr<char[]>> m_large;
    std::size_t m_used = 0;
    std::vector<std::string_view> m_strings;
    std::unordered_map<std::string_view, Id> m_ids;
};

}  // namespace dcc::include_server
