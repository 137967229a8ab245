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

struct Established {
    std::string client;  // display name, "alice@REALM"
    OM_uint32 granted = 0;
};

// The token loop of upstream dcc_gssapi_accept_secure_context.
Result<Established> accept_context(const Acceptor::State& state, int read_fd, int write_fd) {
    const gss::Api& api = *state.api;
    gss::Context context(api);
    gss::Name client(api);
    proto::FdSource source(read_fd, state.io_timeout_ms);
    proto::FdSink sink(write_fd, state.io_timeout_ms);
    OM_uint32 major = GSS_S_CONTINUE_NEEDED;
    Established result;
    while (major == GSS_S_CONTINUE_NEEDED) {
        auto token = read_token(source);
        if (!token) return std::move(token).error();
        gss_buffer_desc input = gss::input_token(*token);
        gss::Buffer output(api);
        OM_uint32 minor = 0;
        major = api.accept_sec_context(&minor, context.out(), state.credentials, &input, GSS_C_NO_CHANNEL_BINDINGS,
                                       client.out(), nullptr, output.out(), &result.granted, nullptr, nullptr);
        if (GSS_ERROR(major)) return gss::failure(api, "Failed to accept secure context.", major, minor);
        if (!output.view().empty()) DCC_TRY(write_token(sink, output.view()));
    }
    gss::Buffer display(api);
    OM_uint32 minor = 0;
    major = api.display_name(&minor, client.get(), display.out(), nullptr);
    if (major != GSS_S_COMPLETE) return gss::failure(api, "Failed to convert name.", major, minor);
    result.client = std::string(display.view());
    return result;
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

Result<std::string> Acceptor::authenticate_client(int read_fd, int write_fd) const {
    const State& state = *m_state;
    DCC_INFO("Performing authentication.");
    DCC_TRY(answer_handshake(read_fd, write_fd, state.io_timeout_ms));
    auto established = accept_context(state, read_fd, write_fd);
    if (!established) return std::move(established).error();
    DCC_INFO("Successfully authenticated %s.", established->client.c_str());
    DCC_TRY(gss::check_granted_flags(established->granted));
    std::string principal(strip_realm(established->client));
    bool admitted = is_admitted(state.list_kind, state.list, established->client);
    if (state.list_kind != ListKind::none)
        DCC_INFO("Access %s - %s %s%slisted.", admitted ? "granted" : "denied", principal.c_str(),
                 admitted == (state.list_kind == ListKind::whitelist) ? "" : "not ", list_word(state.list_kind));
    char verdict = admitted ? k_access_granted : k_access_denied;
    DCC_TRY(io::write_all(write_fd, &verdict, 1, state.io_timeout_ms));
    if (!admitted)
        return make_error(ExitCode::gssapi_failed, "Access denied - principal " + principal + " is not admitted.");
    return principal;
}

}  // namespace dcc::auth
