// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/host_file.cpp: the order of the host-list sources, the
// +zeroconf splice and --randomize, over an in-memory reader with a fake browser.
#include "client/host_file.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "common/files.hpp"
#include "fakes.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;
using namespace dcc::client::fakes;

namespace {

const HostSpecFeatures k_all{true, true};

std::vector<std::string> names(const HostList& list) {
    std::vector<std::string> out;
    for (const HostSpec& h : list.hosts) out.push_back(h.text);
    return out;
}

}  // namespace

TEST(HostFile, EnvironmentWinsEvenWhenEmpty) {
    FakeReader reader;
    reader.files["/home/u/.distcc/hosts"] = "filehost";
    auto found = find_host_list(HostListSources{"envhost", "/home/u/.distcc", "/etc"}, reader);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->text, "envhost");
    EXPECT_EQ(found->origin, "$DISTCC_HOSTS");
    EXPECT_TRUE(reader.reads.empty()) << "no file is read when DISTCC_HOSTS is set";

    auto empty = load_host_list(HostListSources{"", "/home/u/.distcc", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ExitCode::no_hosts);
    EXPECT_EQ(empty.error().message, "$DISTCC_HOSTS contained no hosts; can't distribute work");
    EXPECT_EQ(host_list_problem_level(empty.error()), log::Level::warning);
    auto bad = load_host_list(HostListSources{"a:b", "/home/u/.distcc", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.find("$DISTCC_HOSTS: bad host specification \"a:b\""), 0u) << bad.error().message;
    EXPECT_EQ(host_list_problem_level(bad.error()), log::Level::error);
}

TEST(HostFile, UserFileBeforeSystemFile) {
    FakeReader reader;
    reader.files["/home/u/.distcc/hosts"] = "userhost";
    reader.files["/etc/distcc/hosts"] = "systemhost";
    auto list = load_host_list(HostListSources{std::nullopt, "/home/u/.distcc", "/etc"}, k_all, reader, 1);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(names(*list), std::vector<std::string>{"userhost"});

    reader.files.erase("/home/u/.distcc/hosts");
    list = load_host_list(HostListSources{std::nullopt, "/home/u/.distcc", "/etc"}, k_all, reader, 1);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(names(*list), std::vector<std::string>{"systemhost"});
}

TEST(HostFile, NoDistccDirSkipsTheUserFile) {
    FakeReader reader;
    reader.files["/etc/distcc/hosts"] = "systemhost";
    auto list = load_host_list(HostListSources{std::nullopt, "", "/etc"}, k_all, reader, 1);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(reader.reads, std::vector<std::string>{"/etc/distcc/hosts"});
}

TEST(HostFile, NothingConfiguredIsNoHosts) {
    FakeReader reader;
    auto list = load_host_list(HostListSources{std::nullopt, "/d", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::no_hosts);
    EXPECT_NE(list.error().message.find("no hostlist is set"), std::string::npos);
}

TEST(HostFile, ErrorsNameTheFile) {
    FakeReader reader;
    reader.files["/d/hosts"] = "good bad:port";
    auto list = load_host_list(HostListSources{std::nullopt, "/d", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::bad_hostspec);
    EXPECT_NE(list.error().message.find("/d/hosts"), std::string::npos);
    EXPECT_NE(list.error().message.find("bad:port"), std::string::npos);
}

TEST(HostFile, OversizedFileIsAnError) {
    FakeReader reader;
    reader.files["/d/hosts"] = std::string(k_max_host_file_size + 1, ' ');
    auto list = load_host_list(HostListSources{std::nullopt, "/d", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::bad_hostspec);
}

TEST(HostFile, ZeroconfHostsAreSplicedInPlace) {
    FakeReader reader;
    reader.discovered["/d"] = "10.0.0.5:3632/8\n[fe80::2]:3632/2\n";
    auto list = load_host_list(HostListSources{"a +zeroconf b", "/d", "/etc"}, k_all, reader, 1);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(names(*list), (std::vector<std::string>{"a", "10.0.0.5:3632/8", "[fe80::2]:3632/2", "b"}));
    EXPECT_EQ(reader.browsed, std::vector<std::string>{"/d"});
}

TEST(HostFile, ZeroconfNotesNameTheCompilersAndCppNeedsPump) {
    FakeReader reader;
    reader.discovered["/d"] =
        "10.0.0.5:3632/8,cpp,lzo # compilers: gcc cc\n10.0.0.6:3632/4,lzo\n[fe80::1%eth0]:3632/2\n";
    HostListSources sources{"+zeroconf", "/d", "/etc", zeroconf::ClientAbilities{true, "/usr/bin"}, false};
    auto plain = load_host_list(sources, k_all, reader, 1);
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    EXPECT_EQ(names(*plain),
              (std::vector<std::string>{"10.0.0.5:3632/8,lzo", "10.0.0.6:3632/4,lzo", "[fe80::1%eth0]:3632/2"}));
    EXPECT_FALSE(plain->hosts[0].cpp) << "no include server to serve ,cpp";
    EXPECT_TRUE(plain->hosts[0].lzo);
    EXPECT_EQ(plain->hosts[0].compilers, (std::vector<std::string>{"gcc", "cc"}));
    EXPECT_TRUE(plain->hosts[1].compilers.empty());
    EXPECT_EQ(plain->hosts[2].hostname, "fe80::1%eth0");
    ASSERT_TRUE(reader.browsed_for.has_value());
    EXPECT_TRUE(reader.browsed_for->auth);
    EXPECT_EQ(reader.browsed_for->search_path, "/usr/bin");
    sources.pump = true;
    auto pumped = load_host_list(sources, k_all, reader, 1);
    ASSERT_TRUE(pumped.ok());
    EXPECT_TRUE(pumped->hosts[0].cpp);
    EXPECT_EQ(pumped->hosts[0].text, "10.0.0.5:3632/8,cpp,lzo");
    EXPECT_EQ(pumped->hosts[0].compilers, (std::vector<std::string>{"gcc", "cc"}));
}

TEST(HostFile, NoBrowserWithoutZeroconf) {
    FakeReader reader;
    ASSERT_TRUE(load_host_list(HostListSources{"a b", "/d", "/etc"}, k_all, reader, 1).ok());
    EXPECT_TRUE(reader.browsed.empty());
}

TEST(HostFile, ZeroconfBrowserFailureFailsTheList) {
    FakeReader reader;
    reader.browser_error = make_error(ExitCode::distcc_failed, "not built with zeroconf support");
    auto list = load_host_list(HostListSources{"a +zeroconf", "/d", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::distcc_failed);
    EXPECT_EQ(list.error().message, "+zeroconf: not built with zeroconf support");
}

TEST(HostFile, ZeroconfNeedsADistccDir) {
    FakeReader reader;
    auto list = load_host_list(HostListSources{"+zeroconf", "", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ExitCode::no_hosts);
    EXPECT_TRUE(reader.browsed.empty());
}

TEST(HostFile, ZeroconfWithoutDiscoveredHosts) {
    FakeReader reader;
    auto only = load_host_list(HostListSources{"+zeroconf", "/d", "/etc"}, k_all, reader, 1);
    ASSERT_FALSE(only.ok());
    EXPECT_EQ(only.error().code, ExitCode::no_hosts);
    EXPECT_EQ(only.error().message, "/d/zeroconf/hosts contained no hosts; can't distribute work");
    auto mixed = load_host_list(HostListSources{"+zeroconf a", "/d", "/etc"}, k_all, reader, 1);
    ASSERT_TRUE(mixed.ok());
    EXPECT_EQ(names(*mixed), std::vector<std::string>{"a"});
}

TEST(HostFile, RandomizeIsAPermutationDecidedBySeed) {
    FakeReader reader;
    std::string text = "--randomize h0 h1 h2 h3 h4 h5 h6 h7 h8 h9";
    auto first = load_host_list(HostListSources{text, "/d", "/etc"}, k_all, reader, 1234);
    auto again = load_host_list(HostListSources{text, "/d", "/etc"}, k_all, reader, 1234);
    auto other = load_host_list(HostListSources{text, "/d", "/etc"}, k_all, reader, 99);
    ASSERT_TRUE(first.ok() && again.ok() && other.ok());
    EXPECT_EQ(names(*first), names(*again));
    EXPECT_NE(names(*first), names(*other));
    std::vector<std::string> sorted = names(*first);
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::string>{"h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"}));
}

TEST(HostFile, DiskReaderReadsRealFiles) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("hosts"), "disk1 disk2\n").ok());
    DiskFileReader reader;
    auto list = load_host_list(HostListSources{std::nullopt, dir.path(), "/nonexistent"}, k_all, reader, 1);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(names(*list), (std::vector<std::string>{"disk1", "disk2"}));
}
