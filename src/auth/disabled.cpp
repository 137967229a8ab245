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
struct AcceptorExchange::State {};

bool available() { return false; }

Status authenticate_to_server(int, int, const ClientSettings&) { return not_built(); }

Acceptor::Acceptor(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Acceptor::Acceptor(Acceptor&&) noexcept = default;
Acceptor& Acceptor::operator=(Acceptor&&) noexcept = default;
Acceptor::~Acceptor() = default;

Result<Acceptor> Acceptor::create(const ServerSettings&) { return not_built(); }

Result<std::string> Acceptor::authenticate_client(int, int) const { return not_built(); }

AcceptorExchange Acceptor::start_exchange() const {
    return AcceptorExchange(std::make_unique<AcceptorExchange::State>());
}

AcceptorExchange::AcceptorExchange(std::unique_ptr<State> state) : m_state(std::move(state)) {}
AcceptorExchange::AcceptorExchange(AcceptorExchange&&) noexcept = default;
AcceptorExchange& AcceptorExchange::operator=(AcceptorExchange&&) noexcept = default;
AcceptorExchange::~AcceptorExchange() = default;

Result<AcceptorExchange::Step> AcceptorExchange::accept(std::string_view) { return not_built(); }
Result<AcceptorExchange::Verdict> AcceptorExchange::conclude() { return not_built(); }

Error access_denied(const std::string& principal) {
    return make_error(ExitCode::gssapi_failed, "Access denied - principal " + principal + " is not admitted.");
}

}  // namespace dcc::auth
