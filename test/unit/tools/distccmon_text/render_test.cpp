// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/distccmon_text/render.cpp: 3.4's fixed-width table (widths,
// truncation, the trailing empty line) and the --json line.
#include "tools/distccmon_text/render.hpp"

#include <gtest/gtest.h>

using namespace dcc::proto;
using namespace dcc::tools::distccmon_text;

TEST(MonitorTable, ObservedLinesOf34) {
    std::vector<StateRecord> records{{27151, "small.c", "localhost", 0, Phase::compile},
                                     {27153, "hello.c", "localhost", 1, Phase::compile}};
    EXPECT_EQ(render_table(records),
              " 27151  Compile     small.c                                       localhost[0]\n"
              " 27153  Compile     hello.c                                       localhost[1]\n"
              "\n");
}

TEST(MonitorTable, EmptyPollIsOneEmptyLine) { EXPECT_EQ(render_table({}), "\n"); }

TEST(MonitorTable, LongFieldsAreCutNotWidened) {
    StateRecord r{1234567, std::string(40, 'f'), std::string(30, 'h') + "TAIL", 12, Phase::preprocess};
    std::string line = render_table({r});
    EXPECT_EQ(line, "1234567  Preprocess  " + std::string(30, 'f') + " " + std::string(24, 'h') + "[12]\n\n");
}

TEST(MonitorTable, EveryPhaseName) {
    const char* expected[] = {"Startup", "Blocked", "Connect", "Preprocess", "Send", "Compile", "Receive", "Done"};
    for (int p = 0; p <= 7; ++p) {
        std::string line = render_table({StateRecord{1, "a.c", "h", 0, static_cast<Phase>(p)}});
        EXPECT_EQ(line.substr(8, 10), (std::string(expected[p]) + "          ").substr(0, 10)) << p;
    }
}

TEST(MonitorJson, OneObjectPerPollOnOneLine) {
    std::vector<StateRecord> records{{42, "a \"b\".c", "build\\1", 3, Phase::send}};
    EXPECT_EQ(render_json(records, 1700000000.25),
              "{\"time\":1700000000.250,\"jobs\":[{\"pid\":42,\"phase\":\"Send\",\"file\":\"a \\\"b\\\".c\","
              "\"host\":\"build\\\\1\",\"slot\":3}]}\n");
    EXPECT_EQ(render_json({}, 1.0), "{\"time\":1.000,\"jobs\":[]}\n");
}
