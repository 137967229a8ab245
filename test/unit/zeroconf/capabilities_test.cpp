// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the capability records of our TXT announcement and what a browser
// makes of any server's records (src/zeroconf/capabilities.cpp): encoding within
// the size bounds, decoding ours and 3.4's, host options and compiler matching.
#include "zeroconf/capabilities.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace dcc::zeroconf;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs pairs_of(const std::vector<std::string>& records) {
    Pairs pairs;
    for (const std::string& r : records) {
        std::size_t eq = r.find('=');
        pairs.emplace_back(r.substr(0, eq), r.substr(eq + 1));
    }
    return pairs;
}

std::size_t wire_size(const std::vector<std::string>& records) {
    std::size_t size = 0;
    for (const std::string& r : records) size += r.size() + 1;
    return size;
}

const CompilerGroup k_gcc12{"x86_64-linux-gnu", "12", {"c++", "cc", "g++", "gcc"}};
const CompilerGroup k_clang14{"x86_64-pc-linux-gnu", "14.0.6", {"clang", "clang++"}};

// A client whose compilers answer from a table; unknown names are missing.
LocalIdentity local(std::map<std::string, CompilerIdentity> table) {
    return [table](const std::string& name) {
        auto it = table.find(name);
        return it == table.end() ? CompilerIdentity{} : it->second;
    };
}

}  // namespace

TEST(CapabilityRecords, ProtocolsFeaturesAndCompilerGroups) {
    Capabilities caps;
    caps.compilers = {k_gcc12, k_clang14};
    EXPECT_EQ(capability_records(caps, k_max_txt_total),
              (std::vector<std::string>{"protocols=1,2,3", "features=lzo,cpp", "cc1=x86_64-linux-gnu 12 c++ cc g++ gcc",
                                        "cc2=x86_64-pc-linux-gnu 14.0.6 clang clang++"}));
    caps.auth = true;
    caps.compilers.clear();
    EXPECT_EQ(capability_records(caps, k_max_txt_total),
              (std::vector<std::string>{"protocols=1,2,3", "features=lzo,cpp,auth"}));
}

TEST(CapabilityRecords, ALongGroupContinuesInTheNextRecordUnder255Bytes) {
    CompilerGroup many{"x86_64-linux-gnu", "12", {}};
    for (int i = 0; i < 40; ++i) many.names.push_back("x86_64-linux-gnu-gcc-name-" + std::to_string(i));
    Capabilities caps;
    caps.compilers = {many};
    auto records = capability_records(caps, 100000);
    ASSERT_GT(records.size(), 4u);
    for (const std::string& r : records) EXPECT_LE(r.size(), k_max_txt_string) << r;
    ServerInfo back = server_info_from_txt(pairs_of(records));
    std::vector<std::string> names;
    for (const CompilerGroup& g : back.caps.compilers) {
        EXPECT_EQ(g.machine, "x86_64-linux-gnu");
        names.insert(names.end(), g.names.begin(), g.names.end());
    }
    EXPECT_EQ(names, many.names);
}

TEST(CapabilityRecords, TheWholeAnnouncementStaysWithinItsBudget) {
    ServiceSettings settings;
    std::vector<CompilerGroup> groups;
    for (int i = 0; i < 60; ++i)
        groups.push_back(CompilerGroup{"machine-" + std::to_string(i), "1", {"a-compiler-name", "another-name"}});
    auto records = announcement_records(settings, {"12", "x86_64-linux-gnu"}, groups);
    EXPECT_LE(wire_size(records), k_max_txt_total);
    EXPECT_EQ(records[0], "txtvers=1") << "3.4's records come first";
    EXPECT_EQ(records[6], "cc_machine=x86_64-linux-gnu");
    EXPECT_EQ(records[7], "protocols=1,2,3");
    EXPECT_GT(records.size(), 20u) << "as many groups as fit";
}

TEST(CapabilityRecords, NamesWithBlanksAreLeftOut) {
    Capabilities caps;
    caps.compilers = {CompilerGroup{"m", "1", {"bad name", "good"}}, CompilerGroup{"m 2", "1", {"x"}}};
    auto records = capability_records(caps, k_max_txt_total);
    EXPECT_EQ(records.back(), "cc1=m 1 good");
    EXPECT_EQ(records.size(), 3u);
}

TEST(ServerInfo, DecodesOurRecords) {
    Capabilities caps;
    caps.auth = true;
    caps.compilers = {k_gcc12, k_clang14};
    ServiceSettings settings;
    settings.auth = true;
    ServerInfo info = server_info_from_txt(
        pairs_of(announcement_records(settings, {"12", "x86_64-linux-gnu"}, caps.compilers)));
    EXPECT_TRUE(info.ours);
    EXPECT_EQ(info.caps.protocols, (std::vector<int>{1, 2, 3}));
    EXPECT_TRUE(info.caps.lzo && info.caps.cpp && info.caps.auth);
    EXPECT_EQ(info.caps.compilers, caps.compilers);
    EXPECT_EQ(info.cc.version, "12");
    EXPECT_EQ(info.cc.machine, "x86_64-linux-gnu");
}

TEST(ServerInfo, A34DaemonIsNotOurs) {
    // What Debian's distccd 3.4 announces.
    Pairs txt{{"txtvers", "1"},
              {"cpus", "2"},
              {"jobs", "4"},
              {"distcc", "3.4"},
              {"gnuhost", "x86_64-pc-linux-gnu"},
              {"cc_version", "12"},
              {"cc_machine", "x86_64-linux-gnu"}};
    ServerInfo info = server_info_from_txt(txt);
    EXPECT_FALSE(info.ours);
    EXPECT_TRUE(info.caps.protocols.empty());
    EXPECT_EQ(info.cc.version, "12");
}

TEST(ServerInfo, JunkIsIgnored) {
    ServerInfo info = server_info_from_txt(Pairs{{"protocols", "x,2,-1,999"},
                                                 {"features", "lzo,teleport"},
                                                 {"cc", "a b c"},
                                                 {"cc0", "a b c"},
                                                 {"cc3", "only two"}});
    EXPECT_TRUE(info.ours);
    EXPECT_EQ(info.caps.protocols, (std::vector<int>{2}));
    EXPECT_TRUE(info.caps.lzo);
    EXPECT_FALSE(info.caps.cpp);
    EXPECT_TRUE(info.caps.compilers.empty());
}

TEST(HostOptions, WhatTheServerAndTheClientCanBothDo) {
    ServerInfo old;  // 3.4: used as 3.4 does
    EXPECT_EQ(host_options(old, {}), "");
    ServerInfo ours;
    ours.ours = true;
    EXPECT_EQ(host_options(ours, {}), ",cpp,lzo");
    ours.caps.protocols = {1, 2};
    ours.caps.cpp = false;
    EXPECT_EQ(host_options(ours, {}), ",lzo");
    ours.caps.protocols = {1};
    EXPECT_EQ(host_options(ours, {}), "");
    ours.caps.protocols = {};
    EXPECT_EQ(host_options(ours, {}), std::nullopt) << "no protocol we speak";
}

TEST(HostOptions, AuthOnlyWithAClientThatCanAuthenticate) {
    ServerInfo ours;
    ours.ours = true;
    ours.caps.auth = true;
    EXPECT_EQ(host_options(ours, ClientAbilities{true, ""}), ",cpp,lzo,auth");
    EXPECT_EQ(host_options(ours, ClientAbilities{false, ""}), std::nullopt);
}

TEST(UsableCompilers, A34DaemonNeedsTheSubtypeOfTheClientsCc) {
    ServerInfo old;
    old.cc = {"12", "x86_64-linux-gnu"};
    auto anything = local({{"cc", {"12", "x86_64-linux-gnu"}}});
    EXPECT_EQ(usable_compilers(old, true, anything), std::vector<std::string>()) << "any compiler";
    EXPECT_EQ(usable_compilers(old, false, anything), std::nullopt);
}

TEST(UsableCompilers, OurDaemonTakesTheNamesWhoseIdentityMatches) {
    ServerInfo ours;
    ours.ours = true;
    ours.cc = {"12", "x86_64-linux-gnu"};
    ours.caps.compilers = {k_gcc12, k_clang14};
    auto client = local({{"cc", {"11", "x86_64-linux-gnu"}},
                         {"gcc", {"12", "x86_64-linux-gnu"}},
                         {"clang", {"14.0.6", "x86_64-pc-linux-gnu"}},
                         {"clang++", {"15.0.0", "x86_64-pc-linux-gnu"}}});
    EXPECT_EQ(usable_compilers(ours, false, client), (std::vector<std::string>{"gcc", "clang"}))
        << "whatever its cc's subtype";
    EXPECT_EQ(usable_compilers(ours, true, local({{"cc", {"12", "x86_64-linux-gnu"}}})),
              (std::vector<std::string>{"cc"}));
    EXPECT_EQ(usable_compilers(ours, true, local({})), std::nullopt) << "none of its compilers here";
    ours.caps.compilers.clear();  // no whitelist there: 3.4's grouping
    EXPECT_EQ(usable_compilers(ours, true, local({})), std::vector<std::string>());
    EXPECT_EQ(usable_compilers(ours, false, local({})), std::nullopt);
}
