// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/proto/load_report.cpp: the `GET /load` request test, the report line
// both ways, and what the parser refuses (3.4's statistics page, broken numbers).
#include "proto/load_report.hpp"

#include <gtest/gtest.h>

using namespace dcc::proto;

TEST(LoadReport, RequestLine) {
    EXPECT_TRUE(is_load_request(k_load_request));
    EXPECT_TRUE(is_load_request("GET /load"));
    EXPECT_TRUE(is_load_request("GET /load?x=1 HTTP/1.1\r\n"));
    EXPECT_FALSE(is_load_request("GET /loadx HTTP/1.0\r\n"));
    EXPECT_FALSE(is_load_request("GET /metrics HTTP/1.0\r\n"));
    EXPECT_FALSE(is_load_request(""));
}

TEST(LoadReport, RoundTripsThroughAnHttpReply) {
    LoadReport r{3632, 8, 5, 2, 1.5, 4};
    std::string body = render_load_report(r);
    EXPECT_EQ(body, "distccd-load 1 port=3632 slots=8 running=5 queued=2 load1=1.50 cpus=4\n");
    auto parsed = parse_load_report("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->port, 3632);
    EXPECT_EQ(parsed->slots, 8);
    EXPECT_EQ(parsed->running, 5);
    EXPECT_EQ(parsed->queued, 2);
    EXPECT_DOUBLE_EQ(parsed->load1, 1.5);
    EXPECT_EQ(parsed->cpus, 4);
}

TEST(LoadReport, UnknownFieldsAreIgnoredMissingOnesRefused) {
    auto later = parse_load_report("distccd-load 1 port=1 slots=2 running=0 future=7\n");
    ASSERT_TRUE(later);
    EXPECT_EQ(later->slots, 2);
    EXPECT_EQ(later->queued, 0);
    EXPECT_FALSE(parse_load_report("distccd-load 1 port=1 running=0\n")) << "no slots";
    EXPECT_FALSE(parse_load_report("distccd-load 1 port=1 slots=0 running=0\n")) << "no capacity";
    EXPECT_FALSE(parse_load_report("distccd-load 1 port=1 slots=x running=0\n"));
    EXPECT_FALSE(parse_load_report("distccd-load 2 port=1 slots=2 running=0\n")) << "another version";
    EXPECT_FALSE(parse_load_report("xdistccd-load 1 port=1 slots=2 running=0\n"));
}

TEST(LoadReport, DistccThreeFourPageIsNotAReport) {
    EXPECT_FALSE(
        parse_load_report("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n<distccstats>\n"
                          "argv /distccd\nuptime 17\ndcc_tcp_accept 3\n</distccstats>\n"));
    EXPECT_FALSE(parse_load_report(""));
}
