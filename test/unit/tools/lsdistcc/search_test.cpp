// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/lsdistcc/search.cpp and host_check.cpp over a
// resolver answered from a table and real loopback sockets: what is printed for
// hosts that listen, refuse, or accept and never answer the probe; the gap rule
// end to end; -m; the exit status.
#include "tools/lsdistcc/search.hpp"

#include <fcntl.h>
#include <poll.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>

#include "common/fd.hpp"
#include "tools/lsdistcc/host_check.hpp"

using namespace dcc;
using namespace dcc::tools::lsdistcc;

namespace {

class TableResolver final : public Resolver {
public:
    std::map<std::string, std::string> table;  // name -> address text
    std::vector<std::string> asked;

    TableResolver() {
        int fds[2];
        EXPECT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
        m_read.reset(fds[0]);
        m_write.reset(fds[1]);
    }
    void submit(std::size_t index, const std::string& name) override {
        asked.push_back(name);
        auto it = table.find(name);
        m_answers.push_back(Resolution{index, it == table.end() ? std::nullopt : Address::parse(it->second)});
        (void)!::write(m_write.get(), "r", 1);
    }
    int ready_fd() const override { return m_read.get(); }
    std::vector<Resolution> collect() override {
        char buf[64];
        while (::read(m_read.get(), buf, sizeof buf) > 0) {
        }
        return std::exchange(m_answers, {});
    }

private:
    UniqueFd m_read, m_write;
    std::vector<Resolution> m_answers;
};

// A TCP socket bound to a free loopback port: with `listening`, a host that accepts
// connections into its backlog and never says anything; without, a port where
// connections are refused.
struct LoopbackPort {
    UniqueFd fd;
    int port = 0;
    explicit LoopbackPort(bool listening) {
        fd.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof sa;
        EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), length), 0);
        if (listening) {
            EXPECT_EQ(::listen(fd.get(), 16), 0);
        }
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sa), &length);
        port = ntohs(sa.sin_port);
    }
};

struct SilentServer : LoopbackPort {
    SilentServer() : LoopbackPort(true) {}
};

struct ClosedPort : LoopbackPort {
    ClosedPort() : LoopbackPort(false) {}
};

struct SearchRun {
    int status = -1;
    std::vector<std::string> lines;
};

SearchRun search(const LsOptions& options, const std::vector<std::string>& words, Resolver& resolver) {
    SearchRun run;
    auto names = host_names(words, "");
    EXPECT_TRUE(names.ok());
    run.status = search_hosts(options, *names, resolver, [&](std::string_view line) { run.lines.emplace_back(line); });
    return run;
}

LsOptions options_on(int port) {
    LsOptions o;
    o.port = port;
    return o;
}

}  // namespace

TEST(LsdistccSearch, ListeningHostIsUpRefusingHostIsDownAndOnlyShownWithX) {
    SilentServer server;
    TableResolver resolver;
    resolver.table = {{"up", "127.0.0.1"}};
    EXPECT_EQ(search(options_on(server.port), {"up"}, resolver).lines,
              (std::vector<std::string>{"up:" + std::to_string(server.port) + "\n"}));
    ClosedPort closed;
    LsOptions o = options_on(closed.port);
    SearchRun quiet = search(o, {"up"}, resolver);
    EXPECT_EQ(quiet.status, 0);  // it resolved: 3.4's exit status
    EXPECT_TRUE(quiet.lines.empty());
    o.show_down = true;
    EXPECT_EQ(search(o, {"up"}, resolver).lines,
              (std::vector<std::string>{"up:" + std::to_string(closed.port) + ",down\n"}));
}

TEST(LsdistccSearch, HostThatNeverAnswersTheProbeIsDownAfterTheCompileTimeout) {
    SilentServer server;
    TableResolver resolver;
    resolver.table = {{"mute", "127.0.0.1"}};
    LsOptions o = options_on(server.port);
    o.compiler = "gcc";
    o.compile_timeout_ms = 300;
    o.show_down = true;
    o.latency = true;
    auto start = std::chrono::steady_clock::now();
    SearchRun run = search(o, {"mute"}, resolver);
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(run.lines.size(), 1u);
    EXPECT_EQ(run.lines[0].rfind("mute:" + std::to_string(server.port) + ",down ", 0), 0u) << run.lines[0];
    EXPECT_GE(std::stol(run.lines[0].substr(run.lines[0].rfind(' ') + 1)), 300);
    // The search keeps time on a whole-millisecond clock, so the deadline may come up
    // to 1 ms before 300 ms of real time have passed.
    EXPECT_GE(elapsed, std::chrono::milliseconds(299));
    EXPECT_LT(elapsed, std::chrono::seconds(5));
    // Without -p, accepting the connection is enough.
    o.compiler.clear();
    EXPECT_EQ(search(o, {"mute"}, resolver).lines[0].rfind("mute:" + std::to_string(server.port) + " ", 0), 0u);
}

TEST(LsdistccSearch, NoConnectMeansResolvedIsUp) {
    TableResolver resolver;
    resolver.table = {{"distcc1", "10.0.0.1"}, {"distcc2", "10.0.0.2"}, {"distcc3", "10.0.0.3"},
                      {"distcc5", "10.0.0.5"}, {"distcc6", "10.0.0.6"}};
    LsOptions o;
    o.connect_timeout_ms = 0;
    SearchRun run = search(o, {}, resolver);
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.lines, (std::vector<std::string>{"distcc1\n", "distcc2\n", "distcc3\n", "distcc5\n"}));
    EXPECT_EQ(resolver.asked, (std::vector<std::string>{"distcc1", "distcc2", "distcc3", "distcc4", "distcc5"}));
    o.numeric = true;
    EXPECT_EQ(search(o, {"distcc2"}, resolver).lines, (std::vector<std::string>{"10.0.0.2\n"}));
}

TEST(LsdistccSearch, SubnetRuleComparesWithTheFirstHostFound) {
    TableResolver resolver;
    resolver.table = {{"a", "10.1.0.1"}, {"b", "10.2.0.1"}, {"c", "10.1.9.9"}};
    LsOptions o;
    o.connect_timeout_ms = 0;
    o.subnet_bits = 16;
    o.dns_gap = 5;
    o.overlap = 0;
    EXPECT_EQ(search(o, {"a", "b", "c"}, resolver).lines, (std::vector<std::string>{"a\n", "c\n"}));
}

TEST(LsdistccSearch, NothingResolvesIsExitOne) {
    TableResolver resolver;
    LsOptions o;
    o.show_down = true;
    SearchRun run = search(o, {"nowhere"}, resolver);
    EXPECT_EQ(run.status, 1);
    EXPECT_TRUE(run.lines.empty());
}

TEST(LsdistccSearch, OverallTimeLimitEndsTheSearchWithZero) {
    SilentServer server;
    TableResolver resolver;
    resolver.table = {{"mute", "127.0.0.1"}};
    LsOptions o = options_on(server.port);
    o.compiler = "gcc";
    o.compile_timeout_ms = 60'000;
    o.timeout_sec = 1;
    o.show_down = true;
    auto start = std::chrono::steady_clock::now();
    SearchRun run = search(o, {"mute"}, resolver);
    EXPECT_EQ(run.status, 0);
    EXPECT_TRUE(run.lines.empty());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(LsdistccHostCheck, RefusedAtOnceIsDone) {
    ClosedPort closed;
    CheckSettings settings;
    settings.port = closed.port;
    HostCheck check(*Address::parse("127.0.0.1"), settings);
    check.start(0);
    for (int i = 0; i < 100 && !check.done(); ++i) {
        pollfd p{check.fd(), check.events(), 0};
        ::poll(&p, 1, 50);
        check.on_ready(p.revents, 1);
    }
    ASSERT_TRUE(check.done());
    EXPECT_FALSE(check.up());
    EXPECT_FALSE(check.why().empty());
}
