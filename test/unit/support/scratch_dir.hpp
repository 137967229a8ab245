// SPDX-License-Identifier: GPL-2.0-or-later
// ScratchDir: a per-test directory under $TMPDIR, removed when the test passes and
// kept (with its path printed) when it fails, so a failure can be inspected.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "common/cleanup.hpp"

namespace dcc::test_support {

class ScratchDir {
public:
    ScratchDir() {
        const char* base = getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/dcc-unit-XXXXXX";
        m_path.assign(pattern);
        if (!mkdtemp(m_path.data())) m_path.clear();
    }
    ~ScratchDir() {
        if (m_path.empty()) return;
        if (::testing::Test::HasFailure())
            fprintf(stderr, "scratch directory kept: %s\n", m_path.c_str());
        else
            cleanup::remove_tree(m_path.c_str());
    }
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

}  // namespace dcc::test_support
