// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_names.hpp (upstream update-distcc-symlinks' candidate
// lists, with the gcc directory of Debian's version of the script).
#include "tools/update_distcc_symlinks/compiler_names.hpp"

#include <algorithm>
#include <set>

#include "common/path.hpp"

namespace dcc::tools::update_distcc_symlinks {
namespace {

constexpr const char* k_plain_names[] = {"cc",      "c++",     "c89",     "c99",     "gcc",
                                         "g++",     "c89-gcc", "c89-g++", "c99-gcc", "c99-g++"};

class NameList {
public:
    void add(const std::string& name) {
        if (m_seen.insert(name).second) m_names.push_back(name);
    }
    std::vector<std::string> take() { return std::move(m_names); }

private:
    std::vector<std::string> m_names;
    std::set<std::string> m_seen;
};

// Directory entries in a stable order (readdir's order is the file system's).
std::vector<std::string> sorted_entries(const CompilerView& view, const std::string& dir) {
    std::vector<std::string> names = view.entries(dir);
    std::sort(names.begin(), names.end());
    return names;
}

void add_gcc_names(const CompilerView& view, const std::string& gcc_dir, NameList& names) {
    for (const std::string& triple : sorted_entries(view, gcc_dir)) {
        names.add(triple + "-gcc");
        names.add(triple + "-g++");
        for (const std::string& version : sorted_entries(view, path::join(gcc_dir, triple))) {
            for (const char* driver : {"gcc", "g++"}) names.add(std::string(driver) + "-" + version);
            for (const char* driver : {"gcc", "g++"}) names.add(triple + "-" + driver + "-" + version);
        }
    }
}

void add_clang_names(const CompilerView& view, NameList& names) {
    names.add("clang");
    names.add("clang++");
    for (const std::string& entry : sorted_entries(view, "/usr/lib")) {
        if (!entry.starts_with("llvm-")) continue;
        std::string version = entry.substr(5, entry.find('-', 5) - 5);
        if (version.empty()) continue;
        names.add("clang-" + version);
        names.add("clang++-" + version);
    }
}

}  // namespace

std::vector<std::string> gcc_library_dirs(const std::string& multiarch) {
    return {"/usr/lib/gcc", "/usr/lib/gcc-cross", "/usr/libexec/gcc", "/usr/lib/" + multiarch + "/gcc"};
}

std::vector<std::string> candidate_names(const CompilerView& view, const std::vector<std::string>& gcc_dirs) {
    NameList names;
    for (const char* name : k_plain_names) names.add(name);
    for (const std::string& dir : gcc_dirs) add_gcc_names(view, dir, names);
    add_clang_names(view, names);
    return names.take();
}

std::vector<std::string> wanted_names(const CompilerView& view, const std::vector<std::string>& gcc_dirs,
                                      const std::string& bin_dir) {
    std::vector<std::string> wanted;
    for (std::string& name : candidate_names(view, gcc_dirs))
        if (view.is_executable(path::join(bin_dir, name))) wanted.push_back(std::move(name));
    return wanted;
}

}  // namespace dcc::tools::update_distcc_symlinks
