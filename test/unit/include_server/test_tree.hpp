// SPDX-License-Identifier: GPL-2.0-or-later
// TestTree: a scratch directory (test/unit/support/scratch_dir.hpp) with helpers to
// lay out source trees -- files, directories, symlinks -- for the include-server
// tests that touch the disk, and the real path of the scratch directory (which may
// itself sit behind a symlinked $TMPDIR).
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "support/scratch_dir.hpp"

namespace dcc::include_server::tree_support {

class TestTree {
public:
    TestTree() {
        char buffer[4096];
        m_real = ::realpath(m_scratch.path().c_str(), buffer) ? buffer : m_scratch.path();
    }

    // The tree's root as a realpath.
    const std::string& root() const { return m_real; }
    std::string path(const std::string& relative) const { return m_real + "/" + relative; }

    // Write a file (parents created).
    std::string write(const std::string& relative, const std::string& text) {
        std::string full = path(relative);
        make_parents(full);
        std::ofstream(full, std::ios::binary) << text;
        return full;
    }
    std::string mkdir(const std::string& relative) {
        std::string full = path(relative);
        make_parents(full + "/x");
        return full;
    }
    std::string symlink(const std::string& target, const std::string& relative) {
        std::string full = path(relative);
        make_parents(full);
        if (::symlink(target.c_str(), full.c_str()) != 0) ADD_FAILURE() << "symlink " << full;
        return full;
    }

private:
    static void make_parents(const std::string& file) {
        for (std::size_t pos = 1; (pos = file.find('/', pos)) != std::string::npos; ++pos)
            ::mkdir(file.substr(0, pos).c_str(), 0777);
    }

    test_support::ScratchDir m_scratch;
    std::string m_real;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace dcc::include_server::tree_support
