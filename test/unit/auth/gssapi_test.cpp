// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the GSS-API halves that need no Kerberos KDC (src/auth/gssapi_*.cpp,
// gss_library.cpp): loading the library, the flag check, and how the client half
// reacts to servers that do not authenticate.  Full handshakes against a real KDC
// are in test/integration/test_gssapi_*.py.
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <chrono>

#include <gtest/gtest.h>

#include "auth/auth.hpp"
#include "auth/gss_library.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;

namespace {

// A private krb5.conf, so importing "host/<name>" (which needs a default realm)
// does not depend on the machine's Kerberos configuration.
class GssapiClient : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(files::write_file(m_dir.file("krb5.conf"), "[libdefaults]\n default_realm = DCC.TEST\n").ok());
        ::setenv("KRB5_CONFIG", m_dir.file("krb5.conf").c_str(), 1);
        int fds[2];
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        m_client.reset(fds[0]);
        m_server.reset(fds[1]);
    }
    void TearDown() override { ::unsetenv("KRB5_CONFIG"); }

    Status authenticate(std::string server_name = "build1.dcc.test") {
        auth::ClientSettings settings;
        settings.server_name = std::move(server_name);
        settings.io_timeout_ms = 5000;
        return auth::authenticate_to_server(m_client.get(), m_client.get(), settings);
    }
    std::string received() {
        char buffer[64];
        ssize_t n = ::recv(m_server.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

    test_support::ScratchDir m_dir;
    UniqueFd m_client;
    UniqueFd m_server;
};

}  // namespace

TEST(GssLibrary, LoadsAtRunTime) {
    EXPECT_TRUE(auth::available());
    auto api = auth::gss::load();
    ASSERT_TRUE(api.ok()) << api.error().message;
    EXPECT_NE((*api)->init_sec_context, nullptr);
    EXPECT_NE((*api)->nt_user_name, nullptr);
}

TEST(GssLibrary, AllThreeFlagsAreRequired) {
    EXPECT_TRUE(auth::gss::check_granted_flags(auth::gss::k_required_flags).ok());
    EXPECT_TRUE(auth::gss::check_granted_flags(auth::gss::k_required_flags | GSS_C_CONF_FLAG).ok());
    for (OM_uint32 missing : {GSS_C_MUTUAL_FLAG, GSS_C_REPLAY_FLAG, GSS_C_SEQUENCE_FLAG}) {
        auto status = auth::gss::check_granted_flags(auth::gss::k_required_flags & ~missing);
        ASSERT_FALSE(status.ok());
        EXPECT_EQ(status.error().code, ExitCode::gssapi_failed);
    }
}

TEST_F(GssapiClient, SilentServerTimesOutAfterOneSecond) {
    auto start = std::chrono::steady_clock::now();
    auto status = authenticate();
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ExitCode::timeout);
    EXPECT_EQ(status.error().message, "Timeout - does this server require authentication?");
    EXPECT_GE(elapsed, std::chrono::milliseconds(900));
    EXPECT_LT(elapsed, std::chrono::milliseconds(3000));
    EXPECT_EQ(received(), "*");
}

TEST_F(GssapiClient, WrongEchoIsAGssapiFailure) {
    ASSERT_EQ(::send(m_server.get(), "D", 1, 0), 1);
    auto status = authenticate();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ExitCode::gssapi_failed);
    EXPECT_EQ(status.error().message, "No server handshake.");
}

TEST_F(GssapiClient, ServerHangingUpIsAnIoFailure) {
    ::signal(SIGPIPE, SIG_IGN);  // as in distcc and distccd
    m_server.reset();
    auto status = authenticate();
    ASSERT_FALSE(status.ok());
    EXPECT_TRUE(status.error().code == ExitCode::truncated || status.error().code == ExitCode::io_error)
        << exit_code_name(status.error().code);
}

TEST_F(GssapiClient, WithoutANameTheUnixPeerCannotBeNamed) {
    auto status = authenticate("");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ExitCode::connect_failed);
    EXPECT_EQ(received(), "") << "nothing may be sent before the server is named";
}

TEST(GssapiServer, RequiresAPrincipal) {
    auto acceptor = auth::Acceptor::create(auth::ServerSettings{});
    ASSERT_FALSE(acceptor.ok());
    EXPECT_EQ(acceptor.error().code, ExitCode::gssapi_failed);
    EXPECT_EQ(acceptor.error().message, "No principal name specified.");
}

TEST(GssapiServer, NoKeyForThePrincipalIsAGssapiFailure) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("krb5.conf"), "[libdefaults]\n default_realm = DCC.TEST\n").ok());
    ::setenv("KRB5_CONFIG", dir.file("krb5.conf").c_str(), 1);
    ::setenv("KRB5_KTNAME", ("FILE:" + dir.file("absent.keytab")).c_str(), 1);
    auth::ServerSettings settings;
    settings.principal = "host/build1.dcc.test";
    auto acceptor = auth::Acceptor::create(settings);
    ::unsetenv("KRB5_KTNAME");
    ::unsetenv("KRB5_CONFIG");
    ASSERT_FALSE(acceptor.ok());
    EXPECT_EQ(acceptor.error().code, ExitCode::gssapi_failed);
    EXPECT_NE(acceptor.error().message.find("Failed to acquire credentials."), std::string::npos);
}
