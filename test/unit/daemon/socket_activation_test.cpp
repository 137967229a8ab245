// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/socket_activation.cpp: reading LISTEN_PID / LISTEN_FDS /
// LISTEN_FDNAMES, deciding how the passed sockets are used, and the mode that
// follows.  Real activation through systemd-socket-activate is tested in
// test/integration/test_socket_activation.py.
#include "daemon/socket_activation.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace dcc;
using namespace dcc::daemon;

namespace {

using env::Var;

env::Snapshot listen_env(const char* pid, const char* fds, const char* names = nullptr) {
    std::vector<std::pair<Var, std::string>> values;
    if (pid) values.emplace_back(Var::listen_pid, pid);
    if (fds) values.emplace_back(Var::listen_fds, fds);
    if (names) values.emplace_back(Var::listen_fdnames, names);
    return env::Snapshot::from_pairs(values);
}

using Names = std::vector<std::string>;

}  // namespace

TEST(SocketActivation, NothingPassed) {
    EXPECT_FALSE(passed_socket_names(listen_env(nullptr, nullptr), 42)->has_value());
    EXPECT_FALSE(passed_socket_names(listen_env(nullptr, "2"), 42)->has_value());
    // For another process (a parent that did not clear the variables).
    EXPECT_FALSE(passed_socket_names(listen_env("41", "2"), 42)->has_value());
    EXPECT_FALSE(passed_socket_names(listen_env("42", "0"), 42)->has_value());
}

TEST(SocketActivation, CountAndNames) {
    EXPECT_EQ(**passed_socket_names(listen_env("42", "1"), 42), (Names{""}));
    EXPECT_EQ(**passed_socket_names(listen_env("42", "2", "distccd.socket:stats"), 42), (Names{"distccd.socket", "stats"}));
    EXPECT_EQ(**passed_socket_names(listen_env("42", "3", ":stats:"), 42), (Names{"", "stats", ""}));
    // Names that do not match the count are ignored.
    EXPECT_EQ(**passed_socket_names(listen_env("42", "2", "stats"), 42), (Names{"", ""}));
}

TEST(SocketActivation, MalformedVariablesAreErrors) {
    for (auto env : {listen_env("x", "1"), listen_env("42", nullptr), listen_env("42", "-1"), listen_env("42", "two"),
                     listen_env("42", "100000")}) {
        auto names = passed_socket_names(env, 42);
        ASSERT_FALSE(names.ok());
        EXPECT_EQ(names.error().code, ExitCode::bad_arguments);
    }
}

TEST(SocketActivation, OneConnectionIsInetdStyle) {
    auto plan = plan_activation({PassedSocket{3, "", false}});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->kind, Activation::Kind::accepted);
    EXPECT_EQ(plan->job_fd, 3);
}

TEST(SocketActivation, ListeningSocketsAndTheStatsPort) {
    auto plain = plan_activation({PassedSocket{3, "distccd.socket", true}});
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->kind, Activation::Kind::listening);
    EXPECT_EQ(plain->job_fd, 3);
    EXPECT_EQ(plain->stats_fd, -1);
    auto both = plan_activation({PassedSocket{3, "stats", true}, PassedSocket{4, "", true}});
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->job_fd, 4);
    EXPECT_EQ(both->stats_fd, 3);
    EXPECT_EQ(plan_activation({})->kind, Activation::Kind::none);
}

TEST(SocketActivation, EveryListeningSocketNotNamedStatsIsAJobPort) {
    auto plan = plan_activation({PassedSocket{3, "v4", true}, PassedSocket{4, "stats", true},
                                 PassedSocket{5, "v6", true}, PassedSocket{6, "", true}});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->kind, Activation::Kind::listening);
    EXPECT_EQ(plan->job_fd, 3);
    EXPECT_EQ(plan->stats_fd, 4);
    EXPECT_EQ(plan->more_job_fds, (std::vector<int>{5, 6}));
}

TEST(SocketActivation, CombinationsDistccdCannotServe) {
    for (const auto& sockets : std::vector<std::vector<PassedSocket>>{
             {{3, "stats", true}, {4, "stats", true}, {5, "", true}},
             {{3, "stats", true}},
             {{3, "", false}, {4, "", true}},
             {{3, "", false}, {4, "", false}}}) {
        auto plan = plan_activation(sockets);
        ASSERT_FALSE(plan.ok());
        EXPECT_EQ(plan.error().code, ExitCode::bad_arguments);
    }
}

TEST(SocketActivation, ModeFollowsTheSockets) {
    Activation none;
    EXPECT_EQ(*activated_mode(Mode::unspecified, none), Mode::unspecified);
    EXPECT_EQ(*activated_mode(Mode::daemon, none), Mode::daemon);
    Activation listening{Activation::Kind::listening, 3, -1, {}};
    EXPECT_EQ(*activated_mode(Mode::unspecified, listening), Mode::daemon);
    // --inetd wins: stdin is served, the passed sockets are not used.
    EXPECT_EQ(*activated_mode(Mode::inetd, listening), Mode::inetd);
    EXPECT_EQ(listening.kind, Activation::Kind::none);
}

TEST(SocketActivation, AcceptedConnectionBecomesStdinAndStdout) {
    int saved_in = ::dup(STDIN_FILENO), saved_out = ::dup(STDOUT_FILENO);
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    Activation accepted{Activation::Kind::accepted, pair[0], -1, {}};
    auto mode = activated_mode(Mode::daemon, accepted);
    ASSERT_TRUE(mode.ok());
    EXPECT_EQ(*mode, Mode::inetd);
    EXPECT_EQ(accepted.job_fd, STDIN_FILENO);
    ASSERT_EQ(::write(STDOUT_FILENO, "x", 1), 1);
    char c = 0;
    EXPECT_EQ(::read(pair[1], &c, 1), 1);
    EXPECT_EQ(c, 'x');
    ::dup2(saved_in, STDIN_FILENO);
    ::dup2(saved_out, STDOUT_FILENO);
    for (int fd : {saved_in, saved_out, pair[1]}) ::close(fd);
}
