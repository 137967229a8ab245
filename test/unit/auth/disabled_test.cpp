// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the GSS-API layer of a build without GSS-API (src/auth/disabled.cpp):
// everything refuses with gssapi_failed, nothing touches the descriptors.
#include <sys/socket.h>

#include <gtest/gtest.h>

#include "auth/auth.hpp"
#include "common/fd.hpp"

using namespace dcc;

TEST(AuthDisabled, NotAvailable) { EXPECT_FALSE(auth::available()); }

TEST(AuthDisabled, ClientHalfRefusesWithoutSendingAnything) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    UniqueFd a(fds[0]), b(fds[1]);
    auto status = auth::authenticate_to_server(a.get(), a.get(), auth::ClientSettings{"host", std::nullopt, 1000});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ExitCode::gssapi_failed);
    EXPECT_EQ(status.error().message, "not built with GSS-API support");
    char byte;
    EXPECT_EQ(::recv(b.get(), &byte, 1, MSG_DONTWAIT), -1);
}

TEST(AuthDisabled, ServerHalfCannotBeCreated) {
    auth::ServerSettings settings;
    settings.principal = "host/x";
    auto acceptor = auth::Acceptor::create(settings);
    ASSERT_FALSE(acceptor.ok());
    EXPECT_EQ(acceptor.error().code, ExitCode::gssapi_failed);
    EXPECT_EQ(acceptor.error().message, "not built with GSS-API support");
}
