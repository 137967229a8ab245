// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of cached_probe.hpp.
#include "daemon/cached_probe.hpp"

#include "common/clock.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {

CachingFileProbe::CachingFileProbe(const compiler::FileProbe& inner, Clock clock)
    : m_inner(inner), m_clock(clock ? clock : clock::monotonic_ms) {}

template <typename Ask>
std::optional<std::string> CachingFileProbe::answer(char question, const std::string& path, Ask ask) const {
    int64_t now = m_clock();
    std::string key = question + path;
    if (auto it = m_answers.find(key); it != m_answers.end() && now < it->second.expires_ms) return it->second.value;
    if (m_answers.size() >= k_max_answers) m_answers.clear();
    Answer& slot = m_answers[key];
    slot.value = ask();
    slot.expires_ms = now + k_answer_lifetime_ms;
    return slot.value;
}

bool CachingFileProbe::is_executable(const std::string& path) const {
    return answer('x', path, [&]() -> std::optional<std::string> {
               if (m_inner.is_executable(path)) return "1";
               return std::nullopt;
           }).has_value();
}

std::optional<std::string> CachingFileProbe::read_link(const std::string& path) const {
    return answer('l', path, [&] { return m_inner.read_link(path); });
}

bool CachingFileProbe::is_regular_file(const std::string& path) const {
    return answer('f', path, [&]() -> std::optional<std::string> {
               if (m_inner.is_regular_file(path)) return "1";
               return std::nullopt;
           }).has_value();
}

}  // namespace dcc::daemon
