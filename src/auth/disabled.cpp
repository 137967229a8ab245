// SPDX-License-Identifier: GPL-2.0-or-later
// The GSS-API layer of auth.hpp for builds configured --without-gssapi (or without
// libgssapi-krb5): every entry point fails with gssapi_failed, so a client asked for
// `,auth` or a daemon started with --auth refuses instead of running unauthenticated.
#include "auth/auth.hpp"

namespace dcc::auth {
namespace {

Error not_built() { return make_error(ExitCode::gssapi_failed, "not built with GSS-API support"); }

}  // namespace

struct Acceptor::State {};

bool available() { return false; }

Status authenticate_to_server(int, int, const ClientSettings&) { return not_built(); }

Acceptor::Acceptor(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Acceptor::Acceptor(Acceptor&&) noexcept = default;
Acceptor& Acceptor::operator=(Acceptor&&) noexcept = default;
Acceptor::~Acceptor() = default;

Result<Acceptor> Acceptor::create(const ServerSettings&) { return not_built(); }

Result<std::string> Acceptor::authenticate_client(int, int) const { return not_built(); }

}  // namespace dcc::auth
