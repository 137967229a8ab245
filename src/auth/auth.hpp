// SPDX-License-Identifier: GPL-2.0-or-later
// The GSS-API mutual-authentication layer (doc/protocol.md §11): the client half
// that a distcc client runs on a fresh connection to a `,auth` host, and the server
// half that distccd --auth runs on every accepted connection before reading DIST.
// Both work on the connection's file descriptors and leave nothing behind: the
// security context is deleted after the handshake and the distcc stream that follows
// is not protected.  The implementation is chosen by configure: gssapi_*.cpp when
// built with GSS-API, disabled.cpp (every entry point fails) otherwise.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace dcc::auth {

// True when this build can authenticate (configured --with-gssapi).
bool available();

// What the client half needs besides the connection.
struct ClientSettings {
    // The server's host name for the principal (`,auth=NAME`); empty means "look up
    // the name of the peer connected to write_fd" (reverse DNS, IPv4 or IPv6).
    std::string server_name;
    // DISTCC_PRINCIPAL: service name to ask for instead of "host/<name>".
    std::optional<std::string> service_principal;
    // Inactivity timeout for reading the server's tokens (DISTCC_IO_TIMEOUT).  The
    // waits for the handshake echo and for the final notification are always 1 s.
    int io_timeout_ms = 300 * 1000;
};

// Authenticate the server and be authenticated by it (upstream
// dcc_gssapi_perform_requested_security).  On success the caller sends its request
// on the same descriptors.  Failures carry distcc's exit codes: connect_failed (the
// peer's name cannot be found), timeout (no handshake echo: probably a server
// without --auth; or no notification), access_denied (server said 'n'),
// gssapi_failed (GSS-API errors, missing security flags, wrong echo), and the I/O
// codes of common/io.
Status authenticate_to_server(int read_fd, int write_fd, const ClientSettings& settings);

// Which principals the daemon admits after authenticating them.
enum class ListKind { none, blacklist, whitelist };

struct ServerSettings {
    // DISTCCD_PRINCIPAL; required ("No principal name specified").
    std::optional<std::string> principal;
    ListKind list_kind = ListKind::none;
    std::string list_path;  // --blacklist / --whitelist file
    // Inactivity timeout while reading the client's handshake byte and tokens.
    int io_timeout_ms = 300 * 1000;
};

// One connection's handshake on the daemon's side, for a caller that moves the bytes
// itself without blocking (the daemon's intake, doc/security.md §1) and frames the
// client's tokens with ClientHandshakeFramer (token_framing.hpp).  Between tokens
// it holds the GSS-API context; the Acceptor that started it must outlive it.
class AcceptorExchange {
public:
    struct Step {
        std::string reply;         // the token to send back (TLEN-framed); may be empty
        bool established = false;  // the context is complete: conclude()
    };
    // One client token (gss_accept_sec_context).  gssapi_failed "Failed to accept
    // secure context." as the blocking handshake says.
    Result<Step> accept(std::string_view token);

    struct Verdict {
        std::string principal;  // without its realm ("alice")
        bool admitted = false;  // send 'y', else 'n' and refuse with access_denied()
    };
    // After `established`: the client's name, the security flags and the principal
    // list, with the same log lines as Acceptor::authenticate_client.
    Result<Verdict> conclude();

    AcceptorExchange(AcceptorExchange&&) noexcept;
    AcceptorExchange& operator=(AcceptorExchange&&) noexcept;
    ~AcceptorExchange();

    struct State;
    explicit AcceptorExchange(std::unique_ptr<State> state);

private:
    std::unique_ptr<State> m_state;
};

// The refusal of a principal the list does not admit (after sending 'n').
Error access_denied(const std::string& principal);

// The daemon's side: acceptor credentials and the principal list, set up once at
// start-up (before forking workers) and used for every connection.
class Acceptor {
public:
    // Acquire credentials for the principal and load the list file (upstream
    // dcc_gssapi_acquire_credentials + dcc_gssapi_obtain_list).  Fails with
    // gssapi_failed.
    static Result<Acceptor> create(const ServerSettings& settings);

    Acceptor(Acceptor&&) noexcept;
    Acceptor& operator=(Acceptor&&) noexcept;
    ~Acceptor();

    // Run the handshake on one connection (upstream dcc_gssapi_check_client): read
    // '*' (anything else, e.g. the 'D' of DIST from a client without ,auth, is
    // refused), exchange tokens, check the flags, check the list and send 'y' or
    // 'n'.  Returns the client's principal without its realm ("alice") on success;
    // the caller closes the connection on any error.
    Result<std::string> authenticate_client(int read_fd, int write_fd) const;

    // A handshake driven by the caller (AcceptorExchange), who has read the client's
    // '*' and echoed it.
    AcceptorExchange start_exchange() const;

    struct State;

private:
    explicit Acceptor(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace dcc::auth
