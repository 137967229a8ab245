// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/distccmon_text/command_line.cpp: DELAY is read like strtod,
// anything else is a usage error, --json switches the output.
#include "tools/distccmon_text/command_line.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace dcc;
using namespace dcc::tools::distccmon_text;

namespace {

Result<MonitorOptions> parse(std::vector<std::string> args) { return parse_command_line(args); }

}  // namespace

TEST(MonitorCommandLine, NoArgumentsPollsOnceAsATable) {
    auto options = parse({});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->delay_sec, 0);
    EXPECT_EQ(options->format, OutputFormat::text);
}

TEST(MonitorCommandLine, DelayIsAnyFloatingPointNumber) {
    EXPECT_DOUBLE_EQ(parse({"0.5"})->delay_sec, 0.5);
    EXPECT_DOUBLE_EQ(parse({"1e1"})->delay_sec, 10);
    EXPECT_DOUBLE_EQ(parse({"0x2"})->delay_sec, 2);
    EXPECT_DOUBLE_EQ(parse({" 3"})->delay_sec, 3);
    // strtod reads nothing from an empty word and stops at its end: one poll, as 3.4.
    EXPECT_DOUBLE_EQ(parse({""})->delay_sec, 0);
}

TEST(MonitorCommandLine, JunkTooManyOrUnusableDelaysAreUsageErrors) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"x"}, {"1x"}, {"1", "2"}, {"--help"}, {"-1"}, {"nan"}, {"inf"}, {"1 "}}) {
        auto options = parse(args);
        ASSERT_FALSE(options.ok()) << args[0];
        EXPECT_EQ(options.error().code, ExitCode::bad_arguments);
    }
}

TEST(MonitorCommandLine, JsonCombinesWithADelayInEitherOrder) {
    auto before = parse({"--json", "2"});
    auto after = parse({"2", "--json"});
    ASSERT_TRUE(before.ok() && after.ok());
    EXPECT_EQ(before->format, OutputFormat::json);
    EXPECT_EQ(after->format, OutputFormat::json);
    EXPECT_EQ(before->delay_sec, 2);
    EXPECT_EQ(after->delay_sec, 2);
}

TEST(MonitorCommandLine, UsageStartsWith34sText) {
    std::string usage = usage_text();
    EXPECT_EQ(usage.rfind("usage: distccmon-text [DELAY]\n\nDisplays current compilation jobs in text form.\n", 0), 0u);
    EXPECT_NE(usage.find("--json"), std::string::npos);
}
