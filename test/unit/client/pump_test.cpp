// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the pure parts of the pump client: mirror path -> client path
// (include_server_client.cpp), entry classification and --scan-includes lines
// (pump_files.cpp), the server argv with its -MT (pump_plan.cpp), and the discrepancy
// counter's location, limit and .d parsing (discrepancy.cpp).
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>
#include <vector>

#include "client/discrepancy.hpp"
#include "client/include_server_client.hpp"
#include "client/pump_files.hpp"
#include "client/pump_plan.hpp"
#include "common/strings.hpp"
#include "compiler/dotd.hpp"
#include "compiler/scan_args.hpp"

using namespace dcc;
using namespace dcc::client;

namespace {

compiler::ScanResult scan(const std::string& command) {
    auto result = compiler::scan_args(strings::split_any(command, " "));
    EXPECT_TRUE(result.ok());
    return *result;
}

std::vector<std::string> words(const std::string& text) { return strings::split_any(text, " "); }

}  // namespace

TEST(ClientPathOf, DropsTheRootAndTheSuffixes) {
    const std::string root = "/dev/shm/tmpojt_gwss.include_server-4824-1";
    EXPECT_EQ(client_path_of(root + "/tmp/exp/proj/src/main.c.lzo"), "/tmp/exp/proj/src/main.c");
    EXPECT_EQ(client_path_of(root + "/tmp/exp/proj/inc/foo.h.lzo.abs"), "/tmp/exp/proj/inc/foo.h");
    EXPECT_EQ(client_path_of(root + "/usr/include"), "/usr/include");
    EXPECT_EQ(client_path_of("/tmp/tmpX.include_server-6642-13/padding/a/b.h.lzo"), "/a/b.h");
    // Only the last .abs, then the last .lzo: a real "x.lzo" file is mangled (QUIRK kept).
    EXPECT_EQ(client_path_of(root + "/d/x.lzo.lzo"), "/d/x.lzo");
    EXPECT_EQ(client_path_of(root + "/d/x.abs.lzo"), "/d/x.abs");
    EXPECT_EQ(client_path_of("/a/b"), "");
    EXPECT_EQ(client_path_of(""), "");
}

TEST(ClientPathOf, RecognisesPlaceholders) {
    EXPECT_TRUE(is_forcing_placeholder("/tmp/p/src/forcing_technique_271828"));
    EXPECT_FALSE(is_forcing_placeholder("/tmp/p/src/forcing_technique_2718289"));
    EXPECT_FALSE(is_forcing_placeholder("forcing_technique_271828"));
}

TEST(DiscrepancyCounterPath, ReplacesTheSocketName) {
    EXPECT_EQ(discrepancy_counter_path("/tmp/distcc-pump.abc/socket"), "/tmp/distcc-pump.abc/discrepancy_counter");
    EXPECT_EQ(discrepancy_counter_path("/tmp/distcc-pump.abc/sock"), std::nullopt);
    EXPECT_EQ(discrepancy_counter_path(""), std::nullopt);
}

TEST(ClassifyEntry, SystemLinksAreRecognisedByTheirShape) {
    std::string ups22;
    for (int i = 0; i < 22; ++i) ups22 += "../";
    EXPECT_EQ(classify_entry("/usr/include", true, ups22 + "usr/include"), MirrorKind::system_dir);
    // k must exceed the number of '/' in the client path (2 here).
    EXPECT_EQ(classify_entry("/usr/include", true, "../../usr/include"), MirrorKind::symlink);
    EXPECT_EQ(classify_entry("/usr/include", true, "../../../usr/include"), MirrorKind::system_dir);
    EXPECT_EQ(classify_entry("/usr/include", true, ups22 + "usr/local/include"), MirrorKind::symlink);
    EXPECT_EQ(classify_entry("/p/linkinc", true, "/p/inc"), MirrorKind::symlink);
    EXPECT_EQ(classify_entry("/p/a.h", false, ""), MirrorKind::file);
    EXPECT_EQ(classify_entry("/p/forcing_technique_271828", false, ""), MirrorKind::directory);
}

TEST(ScanIncludesLine, KindInNineColumns) {
    EXPECT_EQ(scan_includes_line(MirrorKind::file, "/p/a.c"), "FILE      /p/a.c");
    EXPECT_EQ(scan_includes_line(MirrorKind::symlink, "/p/l"), "SYMLINK   /p/l");
    EXPECT_EQ(scan_includes_line(MirrorKind::system_dir, "/usr/include"), "SYSTEMDIR /usr/include");
    EXPECT_EQ(scan_includes_line(MirrorKind::directory, "/p/src/forcing_technique_271828"), "DIRECTORY /p/src");
}

TEST(PumpServerArgv, AddsMtOnlyWhenADotdIsWrittenWithoutTarget) {
    compiler::ScanResult plain = scan("gcc -c src/main.c -o main.o");
    compiler::DotdInfo none = compiler::dotd_info(plain, std::nullopt);
    EXPECT_EQ(pump_server_argv(plain, none), words("gcc -c src/main.c -o main.o"));

    compiler::ScanResult md = scan("gcc -I/tmp/p/inc -Iinc -c src/main.c -o main.o -MD");
    EXPECT_EQ(pump_server_argv(md, compiler::dotd_info(md, std::nullopt)),
              words("gcc -I/tmp/p/inc -Iinc -c src/main.c -o main.o -MD -MT main.o"));

    compiler::ScanResult target = scan("gcc -c a.c -o a.o -MD -MT all");
    EXPECT_EQ(pump_server_argv(target, compiler::dotd_info(target, std::nullopt)),
              words("gcc -c a.c -o a.o -MD -MT all"));

    compiler::ScanResult env = scan("gcc -c a.c -o a.o");
    EXPECT_EQ(pump_server_argv(env, compiler::dotd_info(env, std::string_view("deps.d tgt"))),
              words("gcc -c a.c -o a.o -MT tgt"));
}

TEST(Discrepancy, LimitIsReachedAtTheMaximum) {
    EXPECT_FALSE(discrepancy_limit_reached(0, 1));
    EXPECT_TRUE(discrepancy_limit_reached(1, 1));
    EXPECT_FALSE(discrepancy_limit_reached(2, 3));
    EXPECT_TRUE(discrepancy_limit_reached(4, 3));
}

TEST(Discrepancy, CounterCountsBytes) {
    char dir[] = "/tmp/pump_test_XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    std::string counter = std::string(dir) + "/discrepancy_counter";
    EXPECT_EQ(read_discrepancy_count(counter), 0u);
    auto one = count_discrepancy(counter);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(*one, 1u);
    auto two = count_discrepancy(counter);
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(*two, 2u);
    EXPECT_EQ(read_discrepancy_count(counter), 2u);
    ::unlink(counter.c_str());
    ::rmdir(dir);
}

TEST(DotdDependencies, ReadsPrerequisitesOfEveryRule) {
    EXPECT_EQ(dotd_dependencies("main.o: src/main.c /usr/include/stdio.h \\\n inc/x.h\n"),
              words("src/main.c /usr/include/stdio.h inc/x.h"));
    EXPECT_EQ(dotd_dependencies("a.o: a.c b\\ c.h\n\nb\\ c.h:\n"), (std::vector<std::string>{"a.c", "b c.h"}));
    EXPECT_EQ(dotd_dependencies("x.o: \\\n  y.h"), words("y.h"));
    EXPECT_TRUE(dotd_dependencies("").empty());
}
