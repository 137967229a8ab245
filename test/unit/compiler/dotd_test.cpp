// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for compiler/dotd (doc/client.md §11.1): whether a .d is needed, whether
// the user set its target, where it goes, and the -MT target for pump servers.
#include "compiler/dotd.hpp"

#include <gtest/gtest.h>

#include "compiler/test_words.hpp"

namespace dcc::compiler {
namespace {

using test::scan;

DotdInfo info(std::string_view text, std::optional<std::string_view> env = std::nullopt) {
    return dotd_info(scan(text), env);
}

TEST(DotdNameForOutput, MatchesGccAndClang) {
    EXPECT_EQ(dotd_name_for_output("obj/m.o"), "obj/m.d");
    EXPECT_EQ(dotd_name_for_output("obj/m"), "obj/m.d");
    EXPECT_EQ(dotd_name_for_output("obj.dir/m"), "obj.dir/m.d");
    EXPECT_EQ(dotd_name_for_output("obj/m."), "obj/m.d");
    EXPECT_EQ(dotd_name_for_output("obj/m.x.o"), "obj/m.x.d");
    EXPECT_EQ(dotd_name_for_output(".hidden"), ".d");
    EXPECT_EQ(dotd_name_for_output("hello.s"), "hello.d");
    EXPECT_EQ(dotd_name_for_output("a$b c.o"), "a$b c.d");
    EXPECT_EQ(dotd_name_for_output("/abs/x.o"), "/abs/x.d");
}

TEST(DotdInfo, NeededWhenAnyDashMWordOrTheVariable) {
    EXPECT_FALSE(info("gcc -c a.c").needed);
    EXPECT_TRUE(info("gcc -MD -c a.c").needed);
    EXPECT_TRUE(info("gcc -MMD -c a.c").needed);
    EXPECT_TRUE(info("gcc -MF x.d -c a.c").needed);
    EXPECT_TRUE(info("gcc -MP -c a.c").needed);
    EXPECT_TRUE(info("gcc -MG -c a.c").needed);
    // Separate -MT/-MQ (and their argument) do not ask for a .d ...
    EXPECT_FALSE(info("gcc -MT t -c a.c").needed);
    EXPECT_FALSE(info("gcc -MQ -MD -c a.c").needed);
    // ... but a joined -MTfoo is just another -M word (QUIRK kept).
    EXPECT_TRUE(info("gcc -MTt -c a.c").needed);
    EXPECT_TRUE(info("gcc -c a.c", "deps.d").needed);
    EXPECT_TRUE(info("gcc -c a.c", "").needed);
    EXPECT_TRUE(info("gcc -Wp,-MD,x.d -c a.c").needed);
}

TEST(DotdInfo, SetsTargetOnlyForSeparateMtOrMq) {
    EXPECT_FALSE(info("gcc -MD -c a.c").sets_target);
    EXPECT_TRUE(info("gcc -MD -MT t -c a.c").sets_target);
    EXPECT_TRUE(info("gcc -MD -MQ t -c a.c").sets_target);
    EXPECT_FALSE(info("gcc -MD -MTt -c a.c").sets_target);
    EXPECT_FALSE(info("gcc -MD -MQt -c a.c").sets_target);
}

TEST(DotdInfo, FileName) {
    // The last -MF, separate or joined.
    EXPECT_EQ(info("gcc -MD -MF a.d -MFb.d -c x.c").file_name, "b.d");
    EXPECT_EQ(info("gcc -MD -MFb.d -MF a.d -c x.c").file_name, "a.d");
    EXPECT_EQ(info("gcc -Wp,-MD,.deps/x.pp -c x.c").file_name, ".deps/x.pp");
    // -MF wins over DEPENDENCIES_OUTPUT.
    EXPECT_EQ(info("gcc -MD -MF a.d -c x.c", "env.d tgt").file_name, "a.d");
    EXPECT_EQ(info("gcc -MD -MF a.d -c x.c", "env.d tgt").env_target, std::nullopt);
    // DEPENDENCIES_OUTPUT up to its first space; the rest is the target.
    DotdInfo env = info("gcc -c src/x.c -o obj/x.o", "deps/x.d obj/x.o extra");
    EXPECT_EQ(env.file_name, "deps/x.d");
    EXPECT_EQ(env.env_target, "obj/x.o extra");
    EXPECT_EQ(info("gcc -c x.c", "only.d").env_target, std::nullopt);
    EXPECT_EQ(info("gcc -c x.c", "only.d").file_name, "only.d");
    // Else from the output.
    EXPECT_EQ(info("gcc -MD -c src/main.c -o obj/m.o").file_name, "obj/m.d");
    EXPECT_EQ(info("gcc -MD -c src/main.c").file_name, "main.d");
    EXPECT_EQ(info("gcc -MD -S src/main.c").file_name, "main.d");
    EXPECT_EQ(info("gcc -MD -c src/main.c -o obj/noext").file_name, "obj/noext.d");
    // Deliberate fix: -oFILE names the .d like -o FILE (upstream: src/main.d).
    EXPECT_EQ(info("gcc -c src/main.c -oobj/m.o -MD").file_name, "obj/m.d");
    // A stray object word is not gcc's output: the input names the .d (upstream).
    EXPECT_EQ(info("gcc -MD -c src/main.c b.o").file_name, "src/main.d");
}

TEST(PumpDotdTarget, EnvironmentTargetElseOutput) {
    ScanResult s = scan("gcc -MD -c src/x.c -o obj/x.o");
    EXPECT_EQ(pump_dotd_target(s, dotd_info(s, std::nullopt)), "obj/x.o");
    EXPECT_EQ(pump_dotd_target(s, dotd_info(s, "x.d my-target")), "my-target");
    EXPECT_EQ(pump_dotd_target(s, dotd_info(s, "x.d")), "obj/x.o");
    ScanResult implied = scan("gcc -MD -c src/x.c");
    EXPECT_EQ(pump_dotd_target(implied, dotd_info(implied, std::nullopt)), "x.o");
}

}  // namespace
}  // namespace dcc::compiler
