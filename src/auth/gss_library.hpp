// SPDX-License-Identifier: GPL-2.0-or-later
// Access to MIT GSS-API for the real authentication halves (gssapi_client.cpp,
// gssapi_server.cpp).  libgssapi_krb5 is loaded with dlopen on first use instead of
// being linked: linking it (and the Kerberos libraries behind it) costs every distcc
// process about 0.4 million instructions of dynamic loading at start-up, which only
// `,auth` jobs should pay.  The headers still give every call its exact type.  Also
// here: RAII owners for GSS-API handles and the flag check both halves share.
#pragma once

#include <gssapi/gssapi.h>

#include <string>
#include <utility>

#include "auth/names.hpp"
#include "common/result.hpp"

namespace dcc::auth::gss {

// The GSS-API entry points distcc uses, resolved from the loaded library.
struct Api {
    decltype(&::gss_import_name) import_name;
    decltype(&::gss_release_name) release_name;
    decltype(&::gss_display_name) display_name;
    decltype(&::gss_init_sec_context) init_sec_context;
    decltype(&::gss_accept_sec_context) accept_sec_context;
    decltype(&::gss_delete_sec_context) delete_sec_context;
    decltype(&::gss_acquire_cred) acquire_cred;
    decltype(&::gss_release_cred) release_cred;
    decltype(&::gss_release_buffer) release_buffer;
    decltype(&::gss_display_status) display_status;
    gss_OID nt_host_based_service;
    gss_OID nt_user_name;
};

// The library, loaded once per process; gssapi_failed if it cannot be loaded.
Result<const Api*> load();

// Mutual authentication, replay and out-of-sequence detection: what both halves
// request and insist on.
inline constexpr OM_uint32 k_required_flags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG;

// gssapi_failed unless every flag of k_required_flags was granted (upstream
// dcc_gssapi_compare_flags).
Status check_granted_flags(OM_uint32 granted);

// gssapi_failed with `what` and the GSS-API and mechanism texts of the status
// (upstream dcc_gssapi_status_to_log).
Error failure(const Api& api, const std::string& what, OM_uint32 major, OM_uint32 minor);

// Owners of GSS-API handles: released (context deleted) when they go out of scope.
class Name {
public:
    Name(const Api& api, gss_name_t name = GSS_C_NO_NAME) : m_api(&api), m_name(name) {}
    Name(const Name&) = delete;
    Name& operator=(const Name&) = delete;
    ~Name();
    gss_name_t get() const { return m_name; }
    gss_name_t* out() { return &m_name; }

private:
    const Api* m_api;
    gss_name_t m_name;
};

class Buffer {
public:
    explicit Buffer(const Api& api) : m_api(&api) {}
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer();
    gss_buffer_t out() { return &m_buffer; }
    std::string_view view() const { return {static_cast<const char*>(m_buffer.value), m_buffer.length}; }

private:
    const Api* m_api;
    gss_buffer_desc m_buffer = GSS_C_EMPTY_BUFFER;
};

class Context {
public:
    explicit Context(const Api& api) : m_api(&api) {}
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context();
    gss_ctx_id_t* out() { return &m_context; }

private:
    const Api* m_api;
    gss_ctx_id_t m_context = GSS_C_NO_CONTEXT;
};

// Import a principal name; gssapi_failed when GSS-API rejects it.
Status import_name(const Api& api, const PrincipalName& principal, Name& out);

// A view of bytes as an input token.  GSS-API never writes through input tokens.
inline gss_buffer_desc input_token(std::string_view bytes) {
    return gss_buffer_desc{bytes.size(), const_cast<char*>(bytes.data())};
}

}  // namespace dcc::auth::gss
