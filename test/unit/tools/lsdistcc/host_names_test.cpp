// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/host_names.cpp and dns_domain.cpp's pure part: the
// name list from words or a %d format, IPv6 spelling, the -d domain.
#include "tools/lsdistcc/host_names.hpp"

#include <gtest/gtest.h>

#include "tools/lsdistcc/dns_domain.hpp"

using namespace dcc;
using namespace dcc::tools::lsdistcc;

TEST(LsdistccNames, DefaultFormatIsDistccN) {
    auto names = host_names({}, "");
    ASSERT_TRUE(names.ok());
    ASSERT_EQ(names->size(), 500u);
    EXPECT_EQ(names->front(), (HostName{"distcc1", "distcc1"}));
    EXPECT_EQ(names->back(), (HostName{"distcc500", "distcc500"}));
}

TEST(LsdistccNames, FirstWordWithPercentDIsAFormatAndTheRestIsIgnored) {
    auto names = host_names({"127.0.0.%d", "ignored"}, "");
    ASSERT_TRUE(names.ok());
    ASSERT_EQ(names->size(), 500u);
    EXPECT_EQ((*names)[2], (HostName{"127.0.0.3", "127.0.0.3"}));
}

TEST(LsdistccNames, WordsAreTheHostsInOrder) {
    auto names = host_names({"b", "a", "b"}, "");
    ASSERT_TRUE(names.ok());
    EXPECT_EQ(*names, (std::vector<HostName>{{"b", "b"}, {"a", "a"}, {"b", "b"}}));
}

TEST(LsdistccNames, Ipv6IsLookedUpBareAndShownInBrackets) {
    EXPECT_EQ(host_name("[::1]", ""), (HostName{"[::1]", "::1"}));
    EXPECT_EQ(host_name("::1", ""), (HostName{"[::1]", "::1"}));
    EXPECT_EQ(host_name("[fd00::%d]", ""), (HostName{"[fd00::%d]", "[fd00::%d]"}));
    auto formatted = host_names({"[fd00::%d]"}, "");
    EXPECT_EQ((*formatted)[9], (HostName{"[fd00::10]", "fd00::10"}));
}

TEST(LsdistccNames, DomainGoesOnNamesNotAddresses) {
    EXPECT_EQ(host_name("distcc1", "example.com"), (HostName{"distcc1.example.com", "distcc1.example.com"}));
    EXPECT_EQ(host_name("10.0.0.1", "example.com"), (HostName{"10.0.0.1", "10.0.0.1"}));
    EXPECT_EQ(host_name("[::1]", "example.com"), (HostName{"[::1]", "::1"}));
    EXPECT_EQ((*host_names({}, "example.com"))[0].shown, "distcc1.example.com");
}

TEST(LsdistccNames, FormatAllowsOnePercentDAndPercentPercent) {
    EXPECT_EQ(*expand_format("a%db", 7), "a7b");
    EXPECT_EQ(*expand_format("100%%-%d", 2), "100%-2");
    for (const char* bad : {"%s%d", "%d%d", "x%", "%5d%d"}) {
        auto r = expand_format(bad, 1);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ExitCode::bad_arguments);
    }
    EXPECT_FALSE(host_names({"%s-%d"}, "").ok());
}

TEST(LsdistccDomain, TextAfterTheFirstDot) {
    EXPECT_EQ(domain_of("build1.example.com"), "example.com");
    EXPECT_EQ(domain_of("a.b"), "b");
    EXPECT_FALSE(domain_of("vm").has_value());
    EXPECT_FALSE(domain_of("vm.").has_value());
}

TEST(LsdistccDomain, HostOrHostnameVariablesWin) {
    auto from_host = dns_domain(env::Snapshot::from_pairs({{env::Var::host, "x.one.example"}}));
    ASSERT_TRUE(from_host.ok());
    EXPECT_EQ(*from_host, "one.example");
    auto from_hostname = dns_domain(
        env::Snapshot::from_pairs({{env::Var::host, "nodot"}, {env::Var::hostname, "y.two.example"}}));
    ASSERT_TRUE(from_hostname.ok());
    EXPECT_EQ(*from_hostname, "two.example");
}
