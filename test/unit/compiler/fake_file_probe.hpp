// SPDX-License-Identifier: GPL-2.0-or-later
// An in-memory FileProbe for the compiler-layer tests: executables, regular files and
// symlinks are declared by path; is_executable and is_regular_file follow symlinks
// (relative targets against the link's directory), as the kernel does.
#pragma once

#include <map>
#include <set>
#include <string>

#include "common/path.hpp"
#include "compiler/file_probe.hpp"

namespace dcc::compiler::test {

class FakeFileProbe final : public FileProbe {
public:
    FakeFileProbe& executable(const std::string& path) {
        m_executables.insert(path);
        m_regular.insert(path);
        return *this;
    }
    FakeFileProbe& regular(const std::string& path) {
        m_regular.insert(path);
        return *this;
    }
    FakeFileProbe& symlink(const std::string& path, const std::string& target) {
        m_links[path] = target;
        return *this;
    }

    bool is_executable(const std::string& path) const override { return m_executables.count(resolve(path)) > 0; }
    std::optional<std::string> read_link(const std::string& path) const override {
        auto it = m_links.find(path);
        if (it == m_links.end()) return std::nullopt;
        return it->second;
    }
    bool is_regular_file(const std::string& path) const override { return m_regular.count(resolve(path)) > 0; }

private:
    std::string resolve(std::string path) const {
        path = path::normalize(path);
        for (int depth = 0; depth < 40; ++depth) {
            auto it = m_links.find(path);
            if (it == m_links.end()) return path;
            path = path::is_absolute(it->second) ? it->second
                                                 : path::normalize(path::join(path::dirname(path), it->second));
        }
        return {};
    }

    std::set<std::string> m_executables;
    std::set<std::string> m_regular;
    std::map<std::string, std::string> m_links;
};

}  // namespace dcc::compiler::test
