// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of cmdlist.hpp (upstream dcc_load_cmdlist / dcc_check_cmdlist).
#include "daemon/cmdlist.hpp"

namespace dcc::daemon {

std::string_view last_components(std::string_view path, int n) {
    std::size_t pos = path.size();
    for (int i = 0; i < n; ++i) {
        std::size_t slash = pos == 0 ? std::string_view::npos : path.rfind('/', pos - 1);
        if (slash == std::string_view::npos) return path;
        pos = slash;
    }
    return path.substr(pos + 1);
}

CommandList::CommandList(std::string_view file_text, int numwords) : m_numwords(numwords < 1 ? 1 : numwords) {
    while (!file_text.empty()) {
        std::size_t end = file_text.find('\n');
        std::string_view line = file_text.substr(0, end);
        if (!line.empty()) m_lines.emplace_back(line);
        if (end == std::string_view::npos) break;
        file_text.remove_prefix(end + 1);
    }
}

std::optional<std::string> CommandList::lookup(std::string_view argv0) const {
    std::string_view key = last_components(argv0, m_numwords);
    for (const std::string& line : m_lines)
        if (last_components(line, m_numwords) == key) return line;
    return std::nullopt;
}

}  // namespace dcc::daemon
