// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/host_spec.cpp: every form of doc/client.md §7.2, the
// upstream example list, and every error (each naming the offending word, code 106).
#include "client/host_spec.hpp"

#include <gtest/gtest.h>

using namespace dcc;
using namespace dcc::client;

namespace {

const HostSpecFeatures k_all{true, true};

HostList parse_ok(std::string_view text, HostSpecFeatures features = k_all) {
    auto list = parse_host_list(text, features);
    EXPECT_TRUE(list.ok()) << text << ": " << (list.ok() ? "" : list.error().message);
    return list.ok() ? *list : HostList{};
}

HostSpec one(std::string_view text) {
    HostList list = parse_ok(text);
    EXPECT_EQ(list.hosts.size(), 1u) << text;
    return list.hosts.empty() ? HostSpec{} : list.hosts[0];
}

void expect_error(std::string_view text, std::string_view offending, std::string_view why) {
    auto list = parse_host_list(text, k_all);
    ASSERT_FALSE(list.ok()) << "accepted: " << text;
    EXPECT_EQ(list.error().code, ExitCode::bad_hostspec) << text;
    EXPECT_NE(list.error().message.find(std::string(offending)), std::string::npos) << list.error().message;
    EXPECT_NE(list.error().message.find(std::string(why)), std::string::npos) << list.error().message;
}

}  // namespace

TEST(HostSpec, Localhost) {
    HostSpec h = one("localhost");
    EXPECT_EQ(h.mode, HostMode::local);
    EXPECT_EQ(h.hostname, "localhost");
    EXPECT_EQ(h.limit, 2);
    EXPECT_EQ(one("localhost/7").limit, 7);
    EXPECT_EQ(one("localhost/7").text, "localhost/7");
}

TEST(HostSpec, LocalhostLookalikesAreTcpHosts) {
    for (const char* text : {"localhost:3632", "localhost,lzo", "localhostbutnotreally", "localhost=3"}) {
        HostSpec h = one(text);
        EXPECT_EQ(h.mode, HostMode::tcp) << text;
        EXPECT_EQ(h.limit, 4) << text;
    }
    EXPECT_EQ(one("localhost:3632").hostname, "localhost");
    EXPECT_EQ(one("localhost,lzo").hostname, "localhost");
    EXPECT_TRUE(one("localhost,lzo").lzo);
}

TEST(HostSpec, TcpForms) {
    HostSpec h = one("angry");
    EXPECT_EQ(h.mode, HostMode::tcp);
    EXPECT_EQ(h.hostname, "angry");
    EXPECT_EQ(h.port, 3632);
    EXPECT_EQ(h.limit, 4);
    EXPECT_EQ(h.protocol(), 1);
    EXPECT_EQ(one("angry:4204").port, 4204);
    EXPECT_EQ(one("angry/44").limit, 44);
    for (const char* text : {"angry:300/44", "angry/44:300"}) {
        EXPECT_EQ(one(text).port, 300) << text;
        EXPECT_EQ(one(text).limit, 44) << text;
    }
    EXPECT_EQ(one("10.0.0.1:99").hostname, "10.0.0.1");
}

TEST(HostSpec, Ipv6Literals) {
    HostSpec h = one("[::1]:3633");
    EXPECT_EQ(h.hostname, "::1");
    EXPECT_EQ(h.port, 3633);
    EXPECT_EQ(h.text, "[::1]:3633");
    EXPECT_EQ(one("[fe80::1]/3").limit, 3);
    EXPECT_EQ(one("[::1]:99/3,lzo").limit, 3);
}

TEST(HostSpec, Options) {
    HostSpec lzo = one("angry,lzo");
    EXPECT_TRUE(lzo.lzo);
    EXPECT_EQ(lzo.protocol(), 2);
    for (const char* text : {"angry,lzo,cpp", "angry,cpp,lzo", "angry:3000/2,cpp,lzo"}) {
        EXPECT_TRUE(one(text).cpp) << text;
        EXPECT_EQ(one(text).protocol(), 3) << text;
    }
    EXPECT_TRUE(one("angry,down").down);
    HostSpec auth = one("angry,auth");
    EXPECT_TRUE(auth.auth);
    EXPECT_EQ(auth.auth_name, "");
    HostSpec named = one("angry,auth=distccd@EXAMPLE.COM");
    EXPECT_EQ(named.mode, HostMode::tcp) << "an @ inside an option does not make an ssh host";
    EXPECT_EQ(named.auth_name, "distccd@EXAMPLE.COM");
}

TEST(HostSpec, SshForms) {
    HostSpec h = one("@angry");
    EXPECT_EQ(h.mode, HostMode::ssh);
    EXPECT_EQ(h.user, "");
    EXPECT_EQ(h.hostname, "angry");
    EXPECT_EQ(h.ssh_command(), "distccd");
    EXPECT_EQ(one("ted@angry").user, "ted");
    HostSpec cmd = one("@angry:/home/mbp/bin/distccd");
    EXPECT_EQ(cmd.ssh_command(), "/home/mbp/bin/distccd");
    HostSpec full = one("joe@build1/3:/opt/bin/distccd:x,lzo");
    EXPECT_EQ(full.user, "joe");
    EXPECT_EQ(full.hostname, "build1");
    EXPECT_EQ(full.limit, 3);
    EXPECT_EQ(full.ssh_command(), "/opt/bin/distccd:x");
    EXPECT_TRUE(full.lzo);
    EXPECT_EQ(one("@h:cmd/3").ssh_command(), "cmd/3") << "the command may contain '/'";
}

TEST(HostSpec, UpstreamExampleList) {
    HostList list = parse_ok(
        "localhost 127.0.0.1 @angry ted@angry @angry:/home/mbp/bin/distccd angry:4204\n"
        "angry/44 angry:300/44 angry/44:300 angry,lzo angry:3000,lzo  # comment\n"
        "@angry:/usr/sbin/distccd,lzo localhostbutnotreally\n");
    struct Expected {
        int limit;
        HostMode mode;
        const char* user;
        const char* host;
        int port;
        const char* command;
        bool lzo;
    };
    const Expected expected[] = {
        {2, HostMode::local, "", "localhost", 3632, "", false},
        {4, HostMode::tcp, "", "127.0.0.1", 3632, "", false},
        {4, HostMode::ssh, "", "angry", 3632, "", false},
        {4, HostMode::ssh, "ted", "angry", 3632, "", false},
        {4, HostMode::ssh, "", "angry", 3632, "/home/mbp/bin/distccd", false},
        {4, HostMode::tcp, "", "angry", 4204, "", false},
        {44, HostMode::tcp, "", "angry", 3632, "", false},
        {44, HostMode::tcp, "", "angry", 300, "", false},
        {44, HostMode::tcp, "", "angry", 300, "", false},
        {4, HostMode::tcp, "", "angry", 3632, "", true},
        {4, HostMode::tcp, "", "angry", 3000, "", true},
        {4, HostMode::ssh, "", "angry", 3632, "/usr/sbin/distccd", true},
        {4, HostMode::tcp, "", "localhostbutnotreally", 3632, "", false},
    };
    ASSERT_EQ(list.hosts.size(), std::size(expected));
    for (std::size_t i = 0; i < list.hosts.size(); ++i) {
        const HostSpec& h = list.hosts[i];
        const Expected& e = expected[i];
        EXPECT_EQ(h.limit, e.limit) << i;
        EXPECT_EQ(h.mode, e.mode) << i;
        EXPECT_EQ(h.user, e.user) << i;
        EXPECT_EQ(h.hostname, e.host) << i;
        if (h.mode == HostMode::tcp) {
            EXPECT_EQ(h.port, e.port) << i;
        }
        EXPECT_EQ(h.command, e.command) << i;
        EXPECT_EQ(h.lzo, e.lzo) << i;
    }
}

TEST(HostSpec, SeparatorsAndComments) {
    HostList list = parse_ok("a\tb\nc\rd\fe  # f g\nh#i j\n#k\n@angry,lzo#asdasd");
    std::vector<std::string> names;
    for (const HostSpec& h : list.hosts) names.push_back(h.text);
    EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d", "e", "h", "@angry,lzo"}));
}

TEST(HostSpec, Keywords) {
    HostList list = parse_ok("--randomize --localslots=3 --localslots_cpp/9 a");
    EXPECT_TRUE(list.randomize);
    EXPECT_EQ(list.local_slots, 3);
    EXPECT_EQ(list.local_slots_cpp, 9);
    ASSERT_EQ(list.hosts.size(), 1u);
    EXPECT_TRUE(parse_ok("--randomizeXX a").randomize) << "prefix match, as upstream";
    HostList bare = parse_ok("--localslots --localslots_cpp a");
    EXPECT_EQ(bare.local_slots, 4);
    EXPECT_EQ(bare.local_slots_cpp, 8);
}

TEST(HostSpec, Zeroconf) {
    HostList list = parse_ok("a +zeroconf b");
    EXPECT_TRUE(list.zeroconf);
    EXPECT_EQ(list.zeroconf_position, 1u);
    EXPECT_EQ(list.hosts.size(), 2u);
    EXPECT_TRUE(parse_ok("+zeroconf").zeroconf) << "a list of only +zeroconf is not empty";
    HostList without = parse_ok("+zeroconf", HostSpecFeatures{false, true});
    EXPECT_FALSE(without.zeroconf);
    ASSERT_EQ(without.hosts.size(), 1u) << "without Avahi it is an ordinary host name";
    EXPECT_EQ(without.hosts[0].hostname, "+zeroconf");
}

TEST(HostSpec, AuthNeedsGssapiBuild) {
    auto list = parse_host_list("a,auth", HostSpecFeatures{true, false});
    ASSERT_FALSE(list.ok());
    EXPECT_NE(list.error().message.find("unrecognized option"), std::string::npos);
}

TEST(HostSpec, TotalSlots) {
    EXPECT_EQ(parse_ok("localhost/3 127.0.0.1:3701/6,lzo @host1/2:/opt/d,lzo [::1]:3633 host2/7").total_slots(), 22);
}

TEST(HostSpec, EmptyListsHaveNoHosts) {
    for (const char* text : {"", "   ", "\n\t", "# only a comment", "--randomize --localslots=2"}) {
        auto list = parse_host_list(text, k_all);
        ASSERT_FALSE(list.ok()) << text;
        EXPECT_EQ(list.error().code, ExitCode::no_hosts) << "a warning, not an error, as in distcc 3.4";
        EXPECT_EQ(list.error().message, "contained no hosts; can't distribute work");
    }
}

TEST(HostSpec, UpstreamInvalidExamples) {
    expect_error("  @ ", "\"@\"", "hostname is required in SSH host specification");
    expect_error(":", "\":\"", "hostname is required in tcp host specification");
    expect_error("mbp@", "\"mbp@\"", "hostname is required in SSH host specification");
    expect_error("angry::", "\"angry::\"", "invalid tcp port specification");
    expect_error(":4200", "\":4200\"", "hostname is required");
}

TEST(HostSpec, EveryError) {
    expect_error("a:99x", "\"a:99x\"", "invalid tcp port specification in \"99x\"");
    expect_error("a:", "\"a:\"", "invalid tcp port");
    expect_error("a:0", "\"a:0\"", "invalid tcp port");
    expect_error("a:65536", "\"a:65536\"", "invalid tcp port");
    expect_error("a:3632:4", "\"a:3632:4\"", "invalid tcp port");
    expect_error("[::1", "\"[::1\"", "IPv6 Hostname requires closing ']'");
    expect_error("[]:4", "\"[]:4\"", "hostname is required");
    expect_error("a/0", "\"a/0\"", "bad multiplier \"/0\"");
    expect_error("a/-3", "\"a/-3\"", "bad multiplier");
    expect_error("a/x", "\"a/x\"", "bad multiplier");
    expect_error("a/4x", "\"a/4x\"", "unexpected text \"x\"");
    expect_error("a/3/4", "\"a/3/4\"", "unexpected text \"/4\"");
    expect_error("localhost/0", "\"localhost/0\"", "bad multiplier");
    expect_error("localhost/2junk", "\"localhost/2junk\"", "unexpected text");
    expect_error("a,foo", "\"a,foo\"", "unrecognized option in host specification: ,foo");
    expect_error("a,lzoXYZ", "\"a,lzoXYZ\"", "unrecognized option in host specification: ,lzoXYZ");
    expect_error("a,", "\"a,\"", "unrecognized option");
    expect_error("a,cpp", "\"a,cpp\"", "pump mode (',cpp') requires compression (',lzo')");
    expect_error("a,auth=", "\"a,auth=\"", "bad GSS-API principal name");
    expect_error("a,auth=x/y", "\"a,auth=x/y\"", "bad GSS-API principal name");
    expect_error("@h:", "\"@h:\"", "empty command");
    expect_error("@h/0", "\"@h/0\"", "bad multiplier");
    expect_error("@h,lzo:cmd", "\"@h,lzo:cmd\"", "unrecognized option");
    expect_error("--localslots=0 a", "\"--localslots=0\"", "bad multiplier");
    expect_error("--localslots_cpp=0 a", "\"--localslots_cpp=0\"", "bad multiplier");
    expect_error("--localslotsX a", "\"--localslotsX\"", "bad multiplier");
    expect_error("good1 a:bad good2", "\"a:bad\"", "invalid tcp port");
}

TEST(HostSpec, SingleEntryParser) {
    auto spec = parse_host_entry("u@h/2", k_all);
    ASSERT_TRUE(spec.ok());
    EXPECT_EQ(spec->limit, 2);
    EXPECT_FALSE(parse_host_entry("h:x", k_all).ok());
}
