// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for include_server's command line (include_server/options.cpp).
#include "include_server/options.hpp"

#include <gtest/gtest.h>

using namespace dcc::include_server;
using Action = OptionsOutcome::Action;

namespace {

OptionsOutcome parse(std::vector<std::string> args) { return parse_options(args); }

}  // namespace

TEST(Options, EveryOption) {
    OptionsOutcome o = parse({"--port", "/s", "--pid_file=/p", "-d3", "-e", "--email_bound", "5",
                              "--path_observation_re=foo", "-s", "--stat_reset_triggers=a:b*", "-t",
                              "--unsafe_absolute_includes", "--unsafe_no_unexpanded_functions", "--no_force_dirs",
                              "-v", "-w", "-x", "--threads=2"});
    ASSERT_EQ(o.action, Action::serve);
    EXPECT_EQ(o.options.port, "/s");
    EXPECT_EQ(o.options.pid_file, "/p");
    EXPECT_EQ(o.options.debug_pattern, 3);
    EXPECT_TRUE(o.options.email);
    EXPECT_EQ(o.options.email_bound, 5);
    EXPECT_TRUE(o.options.has_path_observation_re);
    EXPECT_EQ(o.options.path_observation_re, "foo");
    EXPECT_TRUE(o.options.statistics);
    EXPECT_EQ(o.options.stat_reset_triggers, (std::vector<std::string>{"a", "b*"}));
    EXPECT_TRUE(o.options.print_times);
    EXPECT_TRUE(o.options.unsafe_absolute_includes);
    EXPECT_TRUE(o.options.unsafe_no_unexpanded_functions);
    EXPECT_TRUE(o.options.no_force_dirs);
    EXPECT_TRUE(o.options.verify);
    EXPECT_TRUE(o.options.write_include_closure);
    EXPECT_TRUE(o.options.exact_analysis);
    EXPECT_EQ(o.options.threads, 2);
}

TEST(Options, Defaults) {
    OptionsOutcome o = parse({"--port=/s"});
    EXPECT_EQ(o.options.debug_pattern, 1);
    EXPECT_FALSE(o.options.email);
    EXPECT_EQ(o.options.email_bound, 3);
    EXPECT_FALSE(o.options.has_path_observation_re);
}

TEST(Options, LongOptionsByUniquePrefix) {
    EXPECT_EQ(parse({"--po", "/s", "--stati", "-d", "2"}).options.statistics, true);
    EXPECT_EQ(parse({"--po", "/s", "--stat"}).action, Action::usage_error);  // statistics or stat_reset_triggers
    EXPECT_EQ(parse({"--po", "/s", "--no", "x"}).action, Action::usage_error);  // --no-email or --no_force_dirs
    EXPECT_EQ(parse({"--port", "/s", "--pid", "/p"}).options.pid_file, "/p");
}

TEST(Options, ClusteredShortFlags) {
    OptionsOutcome o = parse({"-stvd16", "--port", "/s"});
    EXPECT_TRUE(o.options.statistics);
    EXPECT_TRUE(o.options.print_times);
    EXPECT_TRUE(o.options.verify);
    EXPECT_EQ(o.options.debug_pattern, 16);
}

TEST(Options, Errors) {
    EXPECT_EQ(parse({}).action, Action::no_port);
    EXPECT_EQ(parse({"-d"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "-dx"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "--email_bound=many"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "--bogus"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "-q"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "--verify=yes"}).action, Action::usage_error);
    EXPECT_EQ(parse({"--port", "/s", "--simple_algorithm"}).action, Action::not_implemented);
}

TEST(Options, ProcessingStopsAtTheFirstOperand) {
    EXPECT_EQ(parse({"operand", "--port", "/s"}).action, Action::no_port);
    EXPECT_EQ(parse({"--port", "/s", "--", "-v"}).options.verify, false);
}

TEST(Options, UsageMentionsEveryOption) {
    std::string usage = usage_text();
    for (const char* option : {"--port", "--pid_file", "--debug_pattern", "--email", "--no-email", "--email_bound",
                               "--path_observation_re", "--statistics", "--stat_reset_triggers", "--time",
                               "--unsafe_absolute_includes", "--no_force_dirs", "--verify",
                               "--write_include_closure", "--exact_analysis", "--threads"})
        EXPECT_NE(usage.find(option), std::string::npos) << option;
}
