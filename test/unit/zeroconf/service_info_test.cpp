// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for what zeroconf announces and derives (src/zeroconf/service_info.cpp):
// subtype mangling, TXT records as distccd 3.4 publishes them, the job-count rules
// Debian's browser applies, and the hosts-file lines.
#include "zeroconf/service_info.hpp"

#include <gtest/gtest.h>

#include "common/version.hpp"

using namespace dcc::zeroconf;

TEST(FirstWord, CutsAtBlankOrLineEnd) {
    EXPECT_EQ(first_word("12\n"), "12");
    EXPECT_EQ(first_word("12.2.0 extra words\n"), "12.2.0");
    EXPECT_EQ(first_word("x86_64-linux-gnu\r\n"), "x86_64-linux-gnu");
    EXPECT_EQ(first_word("a\tb"), "a");
    EXPECT_EQ(first_word("first\nsecond\n"), "first");
}

TEST(FirstWord, NothingPrintedIsNoAnswer) {
    EXPECT_EQ(first_word(""), std::nullopt);
    EXPECT_EQ(first_word("\n"), std::nullopt);
    EXPECT_EQ(first_word(" leading-blank"), std::nullopt);
}

TEST(FirstWord, OnlyTheFirst63BytesCount) {
    std::string long_word(100, 'v');
    EXPECT_EQ(first_word(long_word), std::string(63, 'v'));
}

TEST(Subtype, ManglesLikeDistcc34) {
    // Observed on the wire from Debian's distccd: the '_' of x86_64 becomes '-'.
    EXPECT_EQ(subtype_for({"12", "x86_64-linux-gnu"}), "_x86-64-linux-gnu--12._sub._distcc._tcp");
    EXPECT_EQ(subtype_for({"4.2.1", "i686-Apple-Darwin"}), "_i686-apple-darwin--4-2-1._sub._distcc._tcp");
}

TEST(Subtype, NeedsBothParts) {
    EXPECT_EQ(subtype_for({std::nullopt, "x86_64-linux-gnu"}), std::nullopt);
    EXPECT_EQ(subtype_for({"12", std::nullopt}), std::nullopt);
}

TEST(Subtype, EachPartIsCutAt63Bytes) {
    std::string machine(80, 'm');
    EXPECT_EQ(subtype_for({"1", machine}), "_" + std::string(63, 'm') + "--1._sub._distcc._tcp");
}

TEST(ServiceName, IsDistccAtHostname) { EXPECT_EQ(service_name("build1"), "distcc@build1"); }

TEST(TxtRecords, InTheOrderDistccd34Publishes) {
    ServiceSettings settings{3632, 2, 4};
    std::vector<std::string> expected = {"txtvers=1",
                                         "cpus=2",
                                         "jobs=4",
                                         std::string("distcc=") + dcc::version_string(),
                                         std::string("gnuhost=") + dcc::gnu_host(),
                                         "cc_version=12",
                                         "cc_machine=x86_64-linux-gnu"};
    EXPECT_EQ(txt_records(settings, {"12", "x86_64-linux-gnu"}), expected);
}

TEST(TxtRecords, CompilerRecordsOnlyWhenKnown) {
    ServiceSettings settings{3632, 1, 3};
    EXPECT_EQ(txt_records(settings, {}).size(), 5u);
    auto with_version = txt_records(settings, {"12", std::nullopt});
    EXPECT_EQ(with_version.back(), "cc_version=12");
    // A missing version hides the machine too, as upstream's NULL-terminated list does.
    EXPECT_EQ(txt_records(settings, {std::nullopt, "x86_64-linux-gnu"}).size(), 5u);
}

TEST(JobsFromTxt, TheRulesDebiansBrowserApplies) {
    using Txt = std::vector<std::pair<std::string, std::string>>;
    // These five announcements were published with avahi-publish and read back from
    // the hosts file Debian's distcc 3.4 wrote.
    EXPECT_EQ(jobs_from_txt(Txt{{"cpus", "3"}, {"jobs", "0"}}), 5);
    EXPECT_EQ(jobs_from_txt(Txt{{"cpus", "0"}, {"jobs", "-5"}}), 3);
    EXPECT_EQ(jobs_from_txt(Txt{{"cpus", "3"}}), 4);
    EXPECT_EQ(jobs_from_txt(Txt{{"jobs", "7"}}), 7);
    EXPECT_EQ(jobs_from_txt(Txt{{"cpus", "-2"}, {"jobs", "x"}}), 3);
}

TEST(JobsFromTxt, OrderOfRecordsDoesNotMatter) {
    using Txt = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(jobs_from_txt(Txt{{"jobs", "0"}, {"cpus", "6"}}), 8);
    EXPECT_EQ(jobs_from_txt(Txt{{"jobs", "12abc"}, {"txtvers", "1"}}), 12);
    EXPECT_EQ(jobs_from_txt(Txt{}), 4);
}

TEST(HostsFile, OneLinePerServer) {
    std::vector<DiscoveredHost> hosts = {{"distcc@a", "10.0.0.1", false, 3632, 4},
                                         {"distcc@b", "2001:db8::1", true, 3700, 8}};
    EXPECT_EQ(render_hosts_file(hosts), "10.0.0.1:3632/4\n[2001:db8::1]:3700/8\n");
    EXPECT_EQ(render_hosts_file({}), "");
}

TEST(HostsFile, LinkLocalAddressesCarryTheirInterfaceOrAreLeftOut) {
    // 3.4 writes "[fe80::1]:3632/4", which no client can dial.
    DiscoveredHost scoped{"distcc@a", "fe80::1", true, 3632, 4};
    scoped.interface = "eth0";
    EXPECT_EQ(render_hosts_file({scoped}), "[fe80::1%eth0]:3632/4\n");
    DiscoveredHost unscoped{"distcc@b", "fe80::2", true, 3632, 4};
    EXPECT_EQ(render_hosts_file({unscoped}), "");
    DiscoveredHost global{"distcc@a", "2001:db8::7", true, 3632, 4};
    global.interface = "eth0";  // only link-local addresses need it
    EXPECT_EQ(render_hosts_file({scoped, global}), "[2001:db8::7]:3632/4\n") << "a global address wins";
}

TEST(HostsFile, LinkLocalIsFe80Slash10) {
    EXPECT_TRUE(is_link_local_ipv6("fe80::1"));
    EXPECT_TRUE(is_link_local_ipv6("FEBF::1"));
    EXPECT_FALSE(is_link_local_ipv6("fec0::1"));
    EXPECT_FALSE(is_link_local_ipv6("fe8::1"));
    EXPECT_FALSE(is_link_local_ipv6("2001:db8::1"));
    EXPECT_FALSE(is_link_local_ipv6("10.0.0.1"));
}

TEST(HostsFile, OptionsAndCompilerNotesRoundTrip) {
    DiscoveredHost ours{"distcc@a", "10.0.0.1", false, 3632, 4, ",cpp,lzo", {"gcc", "cc"}};
    DiscoveredHost old{"distcc@b", "10.0.0.2", false, 3632, 5};
    std::string text = render_hosts_file({ours, old});
    EXPECT_EQ(text, "10.0.0.1:3632/4,cpp,lzo # compilers: gcc cc\n10.0.0.2:3632/5\n");
    auto notes = hosts_file_compilers(text);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].first, "10.0.0.1:3632/4,cpp,lzo");
    EXPECT_EQ(notes[0].second, (std::vector<std::string>{"gcc", "cc"}));
    EXPECT_TRUE(hosts_file_compilers("a b # compilers: gcc\n# compilers:\n").empty()) << "one host word, one name";
}

TEST(HostsFile, MultiHomedServersAreListedOnceIpv4First) {
    std::vector<DiscoveredHost> hosts = {{"distcc@a", "fe80::1", true, 3632, 4},
                                         {"distcc@a", "10.0.0.1", false, 3632, 4},
                                         {"distcc@a", "10.0.0.2", false, 3632, 4},
                                         {"distcc@b", "10.0.0.3", false, 3632, 2}};
    EXPECT_EQ(render_hosts_file(hosts), "10.0.0.1:3632/4\n10.0.0.3:3632/2\n");
}
