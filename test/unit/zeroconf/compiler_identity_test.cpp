// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for asking the compiler what it is (src/zeroconf/compiler_identity.cpp),
// with a scripted stand-in for cc.
#include "zeroconf/compiler_identity.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::zeroconf;

TEST(CommandFirstWord, ReadsStdoutOnly) {
    EXPECT_EQ(command_first_word({"sh", "-c", "echo noise >&2; echo '12.2.0 extra'"}), "12.2.0");
}

TEST(CommandFirstWord, ExitStatusIsNotConsulted) {
    EXPECT_EQ(command_first_word({"sh", "-c", "echo 11; exit 3"}), "11");
}

TEST(CommandFirstWord, SilenceOrAMissingProgramIsNoAnswer) {
    EXPECT_EQ(command_first_word({"sh", "-c", "exit 0"}), std::nullopt);
    EXPECT_EQ(command_first_word({"/nonexistent/cc", "-dumpversion"}), std::nullopt);
}

TEST(QueryCompilerIdentity, AsksForVersionAndMachine) {
    test_support::ScratchDir dir;
    std::string cc = dir.file("cc");
    ASSERT_TRUE(files::write_file(cc, "#!/bin/sh\n"
                                      "case \"$1\" in\n"
                                      "  -dumpversion) echo 12;;\n"
                                      "  -dumpmachine) echo x86_64-linux-gnu;;\n"
                                      "esac\n")
                    .ok());
    ASSERT_EQ(::chmod(cc.c_str(), 0755), 0);
    CompilerIdentity identity = query_compiler_identity(cc);
    EXPECT_EQ(identity.version, "12");
    EXPECT_EQ(identity.machine, "x86_64-linux-gnu");
}
