// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/options.cpp: glued values read like atoi, only the
// second character of an option counts, parsing stops at the first word, and the
// usage errors distcc 3.4 gives (checked against /usr/bin/lsdistcc).
#include "tools/lsdistcc/options.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::tools::lsdistcc;

namespace {

Result<LsOptions> parse(std::vector<std::string> args) { return parse_command_line(args); }

}  // namespace

TEST(LsdistccOptions, Defaults) {
    auto o = parse({});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->timeout_sec, 7);
    EXPECT_EQ(o->dns_retry_ms, 500);
    EXPECT_EQ(o->connect_timeout_ms, 900);
    EXPECT_EQ(o->compile_timeout_ms, 1500);
    EXPECT_EQ(o->subnet_bits, 0);
    EXPECT_EQ(o->overlap, 1);
    EXPECT_EQ(o->dns_gap, 0);
    EXPECT_EQ(o->port, 3632);
    EXPECT_EQ(o->protocol, 1);
    EXPECT_TRUE(o->compiler.empty());
    EXPECT_FALSE(o->latency || o->numeric || o->show_down || o->append_domain);
    EXPECT_FALSE(o->probes());
    EXPECT_TRUE(o->words.empty());
}

TEST(LsdistccOptions, GluedValues) {
    auto o = parse({"-t5", "-h100", "-c200", "-k300", "-m24", "-o3", "-g2", "-r3720", "-P2", "-pgcc", "host"});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->timeout_sec, 5);
    EXPECT_EQ(o->dns_retry_ms, 100);
    EXPECT_EQ(o->connect_timeout_ms, 200);
    EXPECT_EQ(o->compile_timeout_ms, 300);
    EXPECT_EQ(o->subnet_bits, 24);
    EXPECT_EQ(o->overlap, 3);
    EXPECT_EQ(o->dns_gap, 2);
    EXPECT_EQ(o->port, 3720);
    EXPECT_EQ(o->protocol, 2);
    EXPECT_EQ(o->compiler, "gcc");
    EXPECT_TRUE(o->probes());
    EXPECT_EQ(o->words, (std::vector<std::string>{"host"}));
}

TEST(LsdistccOptions, ValuesAreReadLikeAtoi) {
    EXPECT_EQ(parse({"-t"})->timeout_sec, 0);     // missing value: 0
    EXPECT_EQ(parse({"-h"})->dns_retry_ms, 0);    // -h is not help
    EXPECT_EQ(parse({"-c12ms"})->connect_timeout_ms, 12);
    EXPECT_EQ(parse({"-k0"})->compile_timeout_ms, 0);
    EXPECT_FALSE(parse({"-k0", "-pgcc"})->probes());
}

TEST(LsdistccOptions, OnlyTheSecondCharacterCounts) {
    auto o = parse({"-nx", "-vv", "-v", "-lfoo"});
    ASSERT_TRUE(o.ok());
    EXPECT_TRUE(o->numeric);
    EXPECT_FALSE(o->show_down);
    EXPECT_EQ(o->verbosity, 2);
    EXPECT_TRUE(o->latency);
}

TEST(LsdistccOptions, ParsingStopsAtTheFirstWord) {
    auto o = parse({"-x", "a", "-n", "b"});
    ASSERT_TRUE(o.ok());
    EXPECT_FALSE(o->numeric);
    EXPECT_EQ(o->words, (std::vector<std::string>{"a", "-n", "b"}));
}

TEST(LsdistccOptions, UsageErrors) {
    for (const char* bad : {"--help", "-", "--", "-z", "-p", "-P0", "-P4", "-m32", "-m-1", "-c-1", "-t-1", "-h-1",
                            "-k-1", "-o-1", "-g-1", "-r0", "-ra", "-r65536", "-t99999999999"}) {
        auto o = parse({bad, "host"});
        ASSERT_FALSE(o.ok()) << bad;
        EXPECT_EQ(o.error().code, ExitCode::bad_arguments) << bad;
    }
    EXPECT_TRUE(parse({"-m31", "-P3", "-P1", "-r65535", "-r1"}).ok());
}

TEST(LsdistccOptions, UsageTextNamesEveryOption) {
    std::string usage = usage_text();
    EXPECT_EQ(usage.rfind("Usage: lsdistcc ", 0), 0u);
    for (const char* option : {"-l", "-n", "-x", "-tTIMEOUT", "-hHTIMEOUT", "-cCTIMEOUT", "-kKTIMEOUT", "-mBITS",
                               "-oOVERLAP", "-gDNSGAP", "-rPORT", "-PPROTOCOL", "-pCOMPILER", "-d", "-v"})
        EXPECT_NE(usage.find(std::string("\n") + option + " "), std::string::npos) << option;
}
