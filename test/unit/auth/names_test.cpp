// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for how principal names are spelled (src/auth/names.cpp), including the
// swapped-looking name types that peers depend on.
#include "auth/names.hpp"

#include <gtest/gtest.h>

using namespace dcc::auth;

TEST(ServerPrincipal, DefaultsToTheHostPrincipalAsAUserName) {
    EXPECT_EQ(server_principal("build1.example.org", std::nullopt),
              (PrincipalName{"host/build1.example.org", NameType::user_name}));
}

TEST(ServerPrincipal, DistccPrincipalMakesAHostBasedService) {
    EXPECT_EQ(server_principal("build1.example.org", std::string("distcc")),
              (PrincipalName{"distcc@build1.example.org", NameType::host_based_service}));
}

TEST(ServerPrincipal, AnEmptyDistccPrincipalIsStillUsed) {
    // Upstream tests getenv() for NULL only, so DISTCC_PRINCIPAL= gives "@host".
    EXPECT_EQ(server_principal("h", std::string()), (PrincipalName{"@h", NameType::host_based_service}));
}

TEST(AcceptorPrincipal, AnAtMeansHostBasedService) {
    EXPECT_EQ(acceptor_principal("host@build1.example.org"),
              (PrincipalName{"host@build1.example.org", NameType::host_based_service}));
    EXPECT_EQ(acceptor_principal("host/build1.example.org@EXAMPLE.ORG").type, NameType::host_based_service);
}

TEST(AcceptorPrincipal, OtherwiseAUserName) {
    EXPECT_EQ(acceptor_principal("host/build1.example.org"),
              (PrincipalName{"host/build1.example.org", NameType::user_name}));
}
