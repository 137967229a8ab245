// SPDX-License-Identifier: GPL-2.0-or-later
// A FileProbe that remembers its answers for a short while.  Every job asks the same
// questions (is <prefix>/lib/distcc/gcc there, executable, a regular file?), which
// cost three system calls per job for answers that change only when an
// administrator edits the whitelist; each worker now asks the file system at most
// once per path every k_answer_lifetime_ms.  It decides nothing itself and never
// caches across processes (each worker has its own copy after the fork).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "compiler/file_probe.hpp"

namespace dcc::daemon {

class CachingFileProbe final : public compiler::FileProbe {
public:
    static constexpr int64_t k_answer_lifetime_ms = 2000;
    using Clock = int64_t (*)();  // milliseconds on a monotonic clock

    explicit CachingFileProbe(const compiler::FileProbe& inner, Clock clock = nullptr);

    bool is_executable(const std::string& path) const override;
    std::optional<std::string> read_link(const std::string& path) const override;
    bool is_regular_file(const std::string& path) const override;

private:
    struct Answer {
        std::optional<std::string> value;  // a link target, or "1"/nullopt for yes/no
        int64_t expires_ms = 0;
    };
    template <typename Ask>
    std::optional<std::string> answer(char question, const std::string& path, Ask ask) const;

    static constexpr std::size_t k_max_answers = 256;
    const compiler::FileProbe& m_inner;
    Clock m_clock;
    mutable std::unordered_map<std::string, Answer> m_answers;  // key: question letter + path
};

}  // namespace dcc::daemon
