// SPDX-License-Identifier: GPL-2.0-or-later
// The server half of the GSS-API layer (auth.hpp), for builds with GSS-API: the
// Acceptor holds the daemon's credentials and principal list for its lifetime and
// runs the handshake on each connection, mirroring upstream auth_distccd.c.  Only
// the daemon's parent creates an Acceptor; workers inherit it across fork and use
// it read-only.
#include <string>

#include "auth/auth.hpp"
#include "auth/gss_library.hpp"
#include "auth/names.hpp"
#include "auth/principal_list.hpp"
#include "auth/token_framing.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "proto/stream.hpp"

namespace dcc::auth {

struct Acceptor::State {
    const gss::Api* api = nullptr;
    gss_cred_id_t credentials = GSS_C_NO_CREDENTIAL;
    ListKind list_kind = ListKind::none;
    PrincipalList list;
    int io_timeout_ms = 0;

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        OM_uint32 minor = 0;
        if (credentials != GSS_C_NO_CREDENTIAL) api->release_cred(&minor, &credentials);
    }
};

namespace {

const char* list_word(ListKind kind) { return kind == ListKind::blacklist ? "black" : "white"; }

// upstream dcc_gssapi_acquire_credentials
Status acquire_credentials(Acceptor::State& state, const std::string& principal_text) {
    PrincipalName principal = acceptor_principal(principal_text);
    gss::Name name(*state.api);
    DCC_TRY(gss::import_name(*state.api, principal, name));
    DCC_INFO("Acquiring credentials.");
    OM_uint32 minor = 0;
    OM_uint32 major = state.api->acquire_cred(&minor, name.get(), 0, GSS_C_NO_OID_SET, GSS_C_ACCEPT,
                                              &state.credentials, nullptr, nullptr);
    if (major != GSS_S_COMPLETE) return gss::failure(*state.api, "Failed to acquire credentials.", major, minor);
    DCC_INFO("Credentials successfully acquired for %s.", principal.text.c_str());
    return {};
}

// upstream dcc_gssapi_recv_handshake
Status answer_handshake(int read_fd, int write_fd, int io_timeout_ms) {
    char byte = 0;
    DCC_TRY(io::read_exact(read_fd, &byte, 1, io_timeout_ms));
    if (byte != k_handshake)
        return make_error(ExitCode::gssapi_failed, "No client handshake - did the client require authentication?");
    return io::write_all(write_fd, &k_handshake, 1, io_timeout_ms);
}

}  // namespace

Acceptor::Acceptor(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Acceptor::Acceptor(Acceptor&&) noexcept = default;
Acceptor& Acceptor::operator=(Acceptor&&) noexcept = default;
Acceptor::~Acceptor() = default;

Result<Acceptor> Acceptor::create(const ServerSettings& settings) {
    if (!settings.principal) return make_error(ExitCode::gssapi_failed, "No principal name specified.");
    auto api = gss::load();
    if (!api) return std::move(api).error();
    auto state = std::make_unique<State>();
    state->api = *api;
    state->io_timeout_ms = settings.io_timeout_ms;
    state->list_kind = settings.list_kind;
    DCC_TRY(acquire_credentials(*state, *settings.principal));
    if (settings.list_kind != ListKind::none) {
        auto list = load_principal_list(settings.list_path);
        if (!list) return std::move(list).error();
        DCC_INFO("Using file %s as a %slist.", settings.list_path.c_str(), list_word(settings.list_kind));
        state->list = std::move(*list);
    }
    return Acceptor(std::move(state));
}

// The context being built, between the client's tokens.
struct AcceptorExchange::State {
    const Acceptor::State* acceptor;
    gss::Context context;
    gss::Name client;
    OM_uint32 granted = 0;
    bool established = false;

    explicit State(const Acceptor::State& a) : acceptor(&a), context(*a.api), client(*a.api) {}
};

AcceptorExchange::AcceptorExchange(std::unique_ptr<State> state) : m_state(std::move(state)) {}
AcceptorExchange::AcceptorExchange(AcceptorExchange&&) noexcept = default;
AcceptorExchange& AcceptorExchange::operator=(AcceptorExchange&&) noexcept = default;
AcceptorExchange::~AcceptorExchange() = default;

// One round of upstream dcc_gssapi_accept_secure_context's token loop.
Result<AcceptorExchange::Step> AcceptorExchange::accept(std::string_view token) {
    State& state = *m_state;
    const gss::Api& api = *state.acceptor->api;
    gss_buffer_desc input = gss::input_token(token);
    gss::Buffer output(api);
    OM_uint32 minor = 0;
    OM_uint32 major = api.accept_sec_context(&minor, state.context.out(), state.acceptor->credentials, &input,
                                             GSS_C_NO_CHANNEL_BINDINGS, state.client.out(), nullptr, output.out(),
                                             &state.granted, nullptr, nullptr);
    if (GSS_ERROR(major)) return gss::failure(api, "Failed to accept secure context.", major, minor);
    state.established = major != GSS_S_CONTINUE_NEEDED;
    return Step{std::string(output.view()), state.established};
}

Result<AcceptorExchange::Verdict> AcceptorExchange::conclude() {
    State& state = *m_state;
    const Acceptor::State& acceptor = *state.acceptor;
    const gss::Api& api = *acceptor.api;
    gss::Buffer display(api);
    OM_uint32 minor = 0;
    OM_uint32 major = api.display_name(&minor, state.client.get(), display.out(), nullptr);
    if (major != GSS_S_COMPLETE) return gss::failure(api, "Failed to convert name.", major, minor);
    std::string client(display.view());
    DCC_INFO("Successfully authenticated %s.", client.c_str());
    DCC_TRY(gss::check_granted_flags(state.granted));
    Verdict verdict;
    verdict.principal = std::string(strip_realm(client));
    verdict.admitted = is_admitted(acceptor.list_kind, acceptor.list, client);
    if (acceptor.list_kind != ListKind::none)
        DCC_INFO("Access %s - %s %s%slisted.", verdict.admitted ? "granted" : "denied", verdict.principal.c_str(),
                 verdict.admitted == (acceptor.list_kind == ListKind::whitelist) ? "" : "not ",
                 list_word(acceptor.list_kind));
    return verdict;
}

Error access_denied(const std::string& principal) {
    return make_error(ExitCode::gssapi_failed, "Access denied - principal " + principal + " is not admitted.");
}

AcceptorExchange Acceptor::start_exchange() const {
    return AcceptorExchange(std::make_unique<AcceptorExchange::State>(*m_state));
}

// The blocking handshake (inetd, --no-fork): the same exchange over blocking reads.
Result<std::string> Acceptor::authenticate_client(int read_fd, int write_fd) const {
    const State& state = *m_state;
    DCC_INFO("Performing authentication.");
    DCC_TRY(answer_handshake(read_fd, write_fd, state.io_timeout_ms));
    AcceptorExchange exchange = start_exchange();
    proto::FdSource source(read_fd, state.io_timeout_ms);
    proto::FdSink sink(write_fd, state.io_timeout_ms);
    bool established = false;
    while (!established) {
        auto token = read_token(source);
        if (!token) return std::move(token).error();
        auto step = exchange.accept(*token);
        if (!step) return std::move(step).error();
        if (!step->reply.empty()) DCC_TRY(write_token(sink, step->reply));
        established = step->established;
    }
    auto verdict = exchange.conclude();
    if (!verdict) return std::move(verdict).error();
    char reply = verdict->admitted ? k_access_granted : k_access_denied;
    DCC_TRY(io::write_all(write_fd, &reply, 1, state.io_timeout_ms));
    if (!verdict->admitted) return access_denied(verdict->principal);
    return verdict->principal;
}

}  // namespace dcc::auth
