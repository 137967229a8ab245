// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/probe.cpp: the canned requests byte for byte (as
// captured from distcc 3.4's lsdistcc) and the reply check.
#include "tools/lsdistcc/probe.hpp"

#include <gtest/gtest.h>

using namespace dcc::tools::lsdistcc;

namespace {

const std::string k_argv =
    "ARGC00000005ARGV00000002ccARGV00000002-cARGV00000007hello.cARGV00000002-oARGV00000007hello.o";
const std::string k_lzo_body = std::string("%int foo(){return 0;}\x11\x00\x00", 24);

}  // namespace

TEST(LsdistccProbe, RequestsAs34SendsThem) {
    EXPECT_EQ(probe_request(1, "cc"), "DIST00000001" + k_argv + "DOTI00000014int foo(){return 0;}");
    EXPECT_EQ(probe_request(2, "cc"), "DIST00000002" + k_argv + "DOTI00000018" + k_lzo_body);
    EXPECT_EQ(probe_request(3, "cc"),
              "DIST00000003CDIR00000001/" + k_argv + "NFIL00000001NAME00000008/hello.cFILE00000018" + k_lzo_body);
}

TEST(LsdistccProbe, CompilerNameIsArgvZero) {
    EXPECT_NE(probe_request(1, "x86_64-linux-gnu-gcc").find("ARGV00000014x86_64-linux-gnu-gcc"), std::string::npos);
}

TEST(LsdistccProbe, UpAfterDoneStatZeroAndEof) {
    ProbeReplyCheck check(2);
    EXPECT_EQ(check.feed("DONE00000002STAT0000"), ProbeVerdict::pending);
    EXPECT_EQ(check.feed("0000SERR00000000SOUT00000000"), ProbeVerdict::pending);
    EXPECT_EQ(check.feed("DOTO00000004abcd"), ProbeVerdict::pending);
    EXPECT_EQ(check.end_of_stream(), ProbeVerdict::up);
}

TEST(LsdistccProbe, DownOnAnythingElse) {
    for (const char* reply : {"DONE00000001STAT00000000", "DONE00000002STAT00000100", "DOTO00000002STAT00000000",
                              "DONE00000002SERR00000000", "garbage-garbage-garbage!"}) {
        ProbeReplyCheck check(2);
        EXPECT_EQ(check.feed(reply), ProbeVerdict::down) << reply;
        EXPECT_EQ(check.end_of_stream(), ProbeVerdict::down) << reply;
    }
    ProbeReplyCheck early(1);
    EXPECT_EQ(early.feed("DONE00000001"), ProbeVerdict::pending);
    EXPECT_EQ(early.end_of_stream(), ProbeVerdict::down);
    ProbeReplyCheck silent(3);
    EXPECT_EQ(silent.end_of_stream(), ProbeVerdict::down);
}

TEST(LsdistccProbe, ByteByByte) {
    std::string reply = "DONE00000003STAT00000000SERR00000000";
    ProbeReplyCheck check(3);
    for (char c : reply) EXPECT_EQ(check.feed(std::string(1, c)), ProbeVerdict::pending);
    EXPECT_EQ(check.end_of_stream(), ProbeVerdict::up);
}
