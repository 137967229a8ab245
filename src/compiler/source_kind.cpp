// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of source_kind.hpp: one table of the extensions distcc knows
// (upstream dcc_is_source, dcc_is_preprocessed and dcc_preproc_exten).
#include "compiler/source_kind.hpp"

#include <algorithm>
#include <array>

namespace dcc::compiler {
namespace {

struct ExtensionInfo {
    std::string_view extension;  // without the dot, case-sensitive
    bool source;
    bool preprocessed;
    std::string_view preprocessed_extension;
};

// Remote assembly is disabled at build time upstream, so s/S are not sources; they
// are listed only for naming.
constexpr std::array k_extensions = {
    ExtensionInfo{"C", true, false, ".ii"},    ExtensionInfo{"M", true, false, ".mii"},
    ExtensionInfo{"S", false, false, ".s"},    ExtensionInfo{"c", true, false, ".i"},
    ExtensionInfo{"c++", true, false, ".ii"},  ExtensionInfo{"cc", true, false, ".ii"},
    ExtensionInfo{"cp", true, false, ".ii"},   ExtensionInfo{"cpp", true, false, ".ii"},
    ExtensionInfo{"cxx", true, false, ".ii"},  ExtensionInfo{"i", true, true, ".i"},
    ExtensionInfo{"ii", true, true, ".ii"},    ExtensionInfo{"m", true, false, ".mi"},
    ExtensionInfo{"mi", true, true, ".mi"},    ExtensionInfo{"mii", true, true, ".mii"},
    ExtensionInfo{"mm", true, false, ".mii"},  ExtensionInfo{"s", false, false, ".s"},
};

static_assert(std::is_sorted(k_extensions.begin(), k_extensions.end(),
                             [](const ExtensionInfo& a, const ExtensionInfo& b) { return a.extension < b.extension; }));

const ExtensionInfo* find_extension(std::string_view word) {
    std::optional<std::string_view> extension = extension_of(word);
    if (!extension) return nullptr;
    for (const ExtensionInfo& info : k_extensions)
        if (info.extension == *extension) return &info;
    return nullptr;
}

}  // namespace

std::optional<std::string_view> extension_of(std::string_view word) {
    std::size_t dot = word.rfind('.');
    if (dot == std::string_view::npos || dot + 1 == word.size()) return std::nullopt;
    return word.substr(dot + 1);
}

bool is_source(std::string_view word) {
    const ExtensionInfo* info = find_extension(word);
    return info && info->source;
}

bool is_preprocessed(std::string_view word) {
    const ExtensionInfo* info = find_extension(word);
    return info && info->preprocessed;
}

std::optional<std::string_view> preprocessed_extension(std::string_view word) {
    const ExtensionInfo* info = find_extension(word);
    if (!info) return std::nullopt;
    return info->preprocessed_extension;
}

bool is_object(std::string_view word) { return word.ends_with(".o"); }

}  // namespace dcc::compiler
