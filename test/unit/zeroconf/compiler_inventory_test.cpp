// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the compilers a publishing daemon lists (src/zeroconf/compiler_inventory.cpp),
// with scripted compilers on a scratch PATH and a scratch whitelist directory.
#include "zeroconf/compiler_inventory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::zeroconf;

namespace {

class Inventory : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(::mkdir(bin().c_str(), 0755), 0);
        ASSERT_EQ(::mkdir(whitelist().c_str(), 0755), 0);
        ASSERT_EQ(::mkdir(masquerade().c_str(), 0755), 0);
    }
    std::string bin() { return m_dir.file("bin"); }
    std::string whitelist() { return m_dir.file("lib-distcc"); }
    std::string masquerade() { return m_dir.file("masq"); }
    std::string calls() { return m_dir.file("calls"); }

    // A compiler `name` in bin/ that answers `version` and `machine` and counts calls.
    void compiler(const std::string& name, const std::string& version, const std::string& machine) {
        std::string path = bin() + "/" + name;
        ASSERT_TRUE(files::write_file(path, "#!/bin/sh\necho \"$0\" >> '" + calls() +
                                                "'\n"
                                                "case \"$1\" in\n"
                                                "  -dumpversion) echo " +
                                                version + ";;\n  -dumpmachine) echo " + machine + ";;\nesac\n")
                        .ok());
        ASSERT_EQ(::chmod(path.c_str(), 0755), 0);
    }
    void whitelist_entry(const std::string& name) {
        ASSERT_EQ(::symlink("../distcc", (whitelist() + "/" + name).c_str()), 0);
    }
    int call_count() {
        auto text = files::read_file(calls(), 1 << 20);
        if (!text) return 0;
        return static_cast<int>(std::count(text->begin(), text->end(), '\n'));
    }

    test_support::ScratchDir m_dir;
};

}  // namespace

TEST_F(Inventory, GroupsTheWhitelistedNamesByIdentity) {
    compiler("gcc", "12", "x86_64-linux-gnu");
    compiler("cc", "12", "x86_64-linux-gnu");
    compiler("clang", "14.0.6", "x86_64-pc-linux-gnu");
    for (const char* name : {"gcc", "cc", "clang", "missing-compiler"}) whitelist_entry(name);
    CompilerInventory inventory;
    auto groups = inventory.scan({whitelist(), m_dir.file("no-such-dir")}, bin());
    EXPECT_EQ(groups, (std::vector<CompilerGroup>{{"x86_64-linux-gnu", "12", {"cc", "gcc"}},
                                                  {"x86_64-pc-linux-gnu", "14.0.6", {"clang"}}}));
}

TEST_F(Inventory, AsksEachCompilerOnceUntilItChanges) {
    compiler("gcc", "12", "x86_64-linux-gnu");
    whitelist_entry("gcc");
    CompilerInventory inventory;
    inventory.scan({whitelist()}, bin());
    EXPECT_EQ(call_count(), 2) << "-dumpversion and -dumpmachine";
    inventory.scan({whitelist()}, bin());
    EXPECT_EQ(call_count(), 2) << "a rescan only looks at the file";
    compiler("gcc", "13", "x86_64-linux-gnu-upgraded");  // a different size
    auto groups = inventory.scan({whitelist()}, bin());
    EXPECT_EQ(call_count(), 4);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].version, "13");
}

TEST_F(Inventory, SkipsDistccsMasqueradeLinksOnPath) {
    compiler("gcc", "12", "x86_64-linux-gnu");
    std::string distcc = m_dir.file("distcc");
    ASSERT_TRUE(files::write_file(distcc, "#!/bin/sh\necho 99\n").ok());
    ASSERT_EQ(::chmod(distcc.c_str(), 0755), 0);
    ASSERT_EQ(::symlink(distcc.c_str(), (masquerade() + "/gcc").c_str()), 0);
    CompilerInventory inventory;
    CompilerIdentity identity = inventory.identity_of("gcc", masquerade() + ":" + bin());
    EXPECT_EQ(identity.version, "12");
    EXPECT_EQ(inventory.identity_of("nonesuch", bin()).version, std::nullopt);
}

TEST(WhitelistedNames, SortedUniqueAndBounded) {
    test_support::ScratchDir a, b;
    for (const char* name : {"gcc", "cc", ".hidden"}) ASSERT_TRUE(files::write_file(a.file(name), "").ok());
    for (const char* name : {"gcc", "clang"}) ASSERT_TRUE(files::write_file(b.file(name), "").ok());
    EXPECT_EQ(whitelisted_names({a.path(), b.path()}, 100), (std::vector<std::string>{"cc", "clang", "gcc"}));
    EXPECT_EQ(whitelisted_names({a.path(), b.path()}, 2).size(), 2u);
}
