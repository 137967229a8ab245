// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of principal_list.hpp.
#include "auth/principal_list.hpp"

#include <algorithm>

#include "common/files.hpp"

namespace dcc::auth {
namespace {

// Bigger than any sensible list; the file is read once at daemon start-up.
constexpr std::size_t k_max_list_file_size = 16u << 20;

}  // namespace

PrincipalList PrincipalList::parse(std::string_view text) {
    PrincipalList list;
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        list.m_names.emplace_back(line.substr(0, line.find('\0')));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    std::sort(list.m_names.begin(), list.m_names.end());
    return list;
}

bool PrincipalList::contains(std::string_view name) const {
    return std::binary_search(m_names.begin(), m_names.end(), name,
                              [](std::string_view a, std::string_view b) { return a < b; });
}

Result<PrincipalList> load_principal_list(const std::string& path) {
    auto text = files::read_file(path, k_max_list_file_size);
    if (!text) return make_error(ExitCode::gssapi_failed, "Failed to open list file: " + text.error().message);
    return PrincipalList::parse(*text);
}

std::string_view strip_realm(std::string_view display_name) {
    return display_name.substr(0, display_name.find('@'));
}

bool is_admitted(ListKind kind, const PrincipalList& list, std::string_view display_name) {
    switch (kind) {
    case ListKind::none: return true;
    case ListKind::blacklist: return !list.contains(strip_realm(display_name));
    case ListKind::whitelist: return list.contains(strip_realm(display_name));
    }
    return false;
}

}  // namespace dcc::auth
