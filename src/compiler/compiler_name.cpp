// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_name.hpp (upstream dcc_rewrite_generic_compiler,
// dcc_add_clang_target and dcc_gcc_rewrite_fqn).  Observed with Debian 3.4 on
// x86-64: cc -> x86_64-linux-gnu-gcc, c++ -> x86_64-linux-gnu-g++, gcc-12 ->
// x86_64-linux-gnu-gcc-12, clang -> clang ... -target <triple> appended last.
#include "compiler/compiler_name.hpp"

#include <array>

#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::compiler {
namespace {

// The generic names and the real compilers they may resolve to.
struct GenericName {
    std::string_view name;
    std::array<std::string_view, 2> resolves_to;
};
constexpr std::array<GenericName, 2> k_generic_names = {{
    {"cc", {"gcc", "clang"}},
    {"c++", {"g++", "clang++"}},
}};

const GenericName* find_generic(std::string_view name) {
    for (const GenericName& generic : k_generic_names)
        if (generic.name == name) return &generic;
    return nullptr;
}

// A symlink target as a usable path: relative targets are relative to the link's
// directory (upstream tested them against the current directory, which only works
// by accident; resolving them like the kernel does is what a user expects).
std::string link_target(const std::string& link, const std::string& target) {
    if (path::is_absolute(target)) return target;
    return path::join(path::dirname(link), target);
}

// The executable `name` in the first PATH directory not containing "distcc".
std::optional<std::string> find_generic_executable(std::string_view name, std::string_view search_path,
                                                   const FileProbe& probe) {
    for (const std::string& dir : path::split_search_path(search_path)) {
        if (dir.find("distcc") != std::string::npos) continue;
        std::string candidate = path::join(dir, name);
        if (probe.is_executable(candidate)) return candidate;
    }
    return std::nullopt;
}

bool has_target_option(const std::vector<std::string>& argv) {
    for (const std::string& word : argv)
        if (word == "-target" || word.starts_with("--target")) return true;
    return false;
}

// Step 3: whether "<triple>-<name>" is an executable in PATH (up to an empty entry).
bool triple_name_exists(const std::string& name, std::string_view search_path, const FileProbe& probe) {
    for (const std::string& dir : path::split_search_path(search_path)) {
        if (dir.empty()) break;
        if (probe.is_executable(path::join(dir, name))) return true;
    }
    return false;
}

}  // namespace

std::string resolve_generic_compiler(std::string_view name, std::string_view search_path,
                                     const FileProbe& probe) {
    const GenericName* generic = find_generic(name);
    if (!generic) return std::string(name);
    std::optional<std::string> found = find_generic_executable(name, search_path, probe);
    if (!found) return std::string(name);
    std::optional<std::string> target = probe.read_link(*found);
    if (!target) return std::string(name);
    std::string resolved = link_target(*found, *target);
    if (*target == "/etc/alternatives/" + std::string(name)) {
        std::optional<std::string> alternative = probe.read_link(*target);
        if (alternative) resolved = link_target(*target, *alternative);
    }
    if (!probe.is_executable(resolved)) return std::string(name);
    std::string_view base = path::basename(resolved);
    for (std::string_view real : generic->resolves_to)
        if (base == real) return std::string(base);
    return std::string(name);
}

bool is_clang_name(std::string_view name) {
    return name == "clang" || name == "clang++" || name.starts_with("clang-") || name.starts_with("clang++-");
}

bool is_gcc_name(std::string_view name) {
    return name == "gcc" || name == "g++" || name.starts_with("gcc-") || name.starts_with("g++-");
}

std::string RewriteResult::log_message() const {
    if (!renamed) return {};
    return strings::format("Re-writing call to '%s' to '%s' to support cross-compilation.",
                           original_name.c_str(), argv.empty() ? "" : argv[0].c_str());
}

RewriteResult rewrite_compiler_name(const std::vector<std::string>& argv, std::string_view triple,
                                    std::string_view search_path, const FileProbe& probe) {
    RewriteResult result;
    result.argv = argv;
    if (argv.empty()) return result;
    std::string name = resolve_generic_compiler(argv[0], search_path, probe);
    result.generic_resolved = name != argv[0];
    result.original_name = name;
    result.argv[0] = name;
    if (triple.empty()) return result;
    if (is_clang_name(name) && !has_target_option(result.argv)) {
        result.argv.emplace_back("-target");
        result.argv.emplace_back(triple);
        result.target_added = true;
    } else if (is_gcc_name(name)) {
        std::string full = std::string(triple) + "-" + name;
        if (triple_name_exists(full, search_path, probe)) {
            result.argv[0] = std::move(full);
            result.renamed = true;
        }
    }
    return result;
}

}  // namespace dcc::compiler
