// SPDX-License-Identifier: GPL-2.0-or-later
// The client half of the GSS-API layer (auth.hpp), for builds with GSS-API: name
// the server, send the handshake, run gss_init_sec_context until the context is
// complete, check the granted flags and read the server's verdict.  Mirrors
// upstream auth_distcc.c step by step, including its 1-second waits; it uses the
// caller's default Kerberos credentials (KRB5CCNAME) and keeps no state.
#include <string>

#include "auth/auth.hpp"
#include "auth/gss_library.hpp"
#include "auth/names.hpp"
#include "auth/peer_name.hpp"
#include "auth/token_framing.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "proto/stream.hpp"

namespace dcc::auth {
namespace {

// How long the client waits for the echo of its handshake and for the verdict.
constexpr int k_signal_timeout_ms = 1000;

Result<PrincipalName> target_principal(int write_fd, const ClientSettings& settings) {
    std::string host = settings.server_name;
    if (host.empty()) {
        auto found = peer_host_name(write_fd);
        if (!found) return std::move(found).error();
        host = std::move(*found);
    } else {
        DCC_INFO("using \"%s\" server name instead of fqdn lookup for GSS-API auth", host.c_str());
    }
    return server_principal(host, settings.service_principal);
}

// Read one signal byte that must arrive within a second; `silence` is the error
// when it does not.
Result<char> read_signal(int read_fd, int io_timeout_ms, const char* silence) {
    auto readable = io::readable_within(read_fd, k_signal_timeout_ms);
    if (!readable) return std::move(readable).error();
    if (!*readable) return make_error(ExitCode::timeout, silence);
    char byte = 0;
    DCC_TRY(io::read_exact(read_fd, &byte, 1, io_timeout_ms));
    return byte;
}

// upstream dcc_gssapi_send_handshake
Status exchange_handshake(int read_fd, int write_fd, int io_timeout_ms) {
    DCC_TRY(io::write_all(write_fd, &k_handshake, 1, io_timeout_ms));
    auto echo = read_signal(read_fd, io_timeout_ms, "Timeout - does this server require authentication?");
    if (!echo) return std::move(echo).error();
    if (*echo != k_handshake) return make_error(ExitCode::gssapi_failed, "No server handshake.");
    return {};
}

// The token loop of upstream dcc_gssapi_establish_secure_context; returns the
// flags the context was granted.
Result<OM_uint32> establish_context(const gss::Api& api, const gss::Name& target, int read_fd, int write_fd,
                                    int io_timeout_ms) {
    gss::Context context(api);
    proto::FdSource source(read_fd, io_timeout_ms);
    proto::FdSink sink(write_fd, io_timeout_ms);
    std::string input;
    while (true) {
        gss_buffer_desc input_token = gss::input_token(input);
        gss::Buffer output(api);
        OM_uint32 minor = 0;
        OM_uint32 granted = 0;
        OM_uint32 major = api.init_sec_context(&minor, GSS_C_NO_CREDENTIAL, context.out(), target.get(), GSS_C_NO_OID,
                                               gss::k_required_flags, 0, GSS_C_NO_CHANNEL_BINDINGS, &input_token,
                                               nullptr, output.out(), &granted, nullptr);
        if (GSS_ERROR(major)) return gss::failure(api, "Failed to initiate a secure context.", major, minor);
        if (!output.view().empty()) DCC_TRY(write_token(sink, output.view()));
        if (major != GSS_S_CONTINUE_NEEDED) return granted;
        auto token = read_token(source);
        if (!token) return std::move(token).error();
        input = std::move(*token);
    }
}

}  // namespace

bool available() { return true; }

Status authenticate_to_server(int read_fd, int write_fd, const ClientSettings& settings) {
    DCC_INFO("Performing authentication.");
    auto principal = target_principal(write_fd, settings);
    if (!principal) return std::move(principal).error();
    auto api = gss::load();
    if (!api) return std::move(api).error();
    gss::Name target(**api);
    DCC_TRY(gss::import_name(**api, *principal, target));
    DCC_TRY(exchange_handshake(read_fd, write_fd, settings.io_timeout_ms));
    auto granted = establish_context(**api, target, read_fd, write_fd, settings.io_timeout_ms);
    if (!granted) return std::move(granted).error();
    DCC_INFO("Successfully authenticated %s.", principal->text.c_str());
    DCC_TRY(gss::check_granted_flags(*granted));
    auto verdict = read_signal(read_fd, settings.io_timeout_ms, "Timeout - error receiving notification.");
    if (!verdict) return std::move(verdict).error();
    if (*verdict != k_access_granted)
        return make_error(ExitCode::access_denied,
                          "Access denied by server. Your principal may be blacklisted or may not be whitelisted.");
    DCC_INFO("Authentication complete - happy compiling!");
    return {};
}

}  // namespace dcc::auth
