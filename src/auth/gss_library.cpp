// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of gss_library.hpp: dlopen of MIT's libgssapi_krb5 and the small
// helpers around its handles.
#include "auth/gss_library.hpp"

#include "common/dynamic_library.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::auth::gss {
namespace {

// The run-time name of the library configure found (package libgssapi-krb5-2).
constexpr const char* k_library = "libgssapi_krb5.so.2";

Result<Api> load_api() {
    auto library = DynamicLibrary::open(k_library, ExitCode::gssapi_failed);
    if (!library) return std::move(library).error();
    Api api{};
    library->resolve("gss_import_name", api.import_name);
    library->resolve("gss_release_name", api.release_name);
    library->resolve("gss_display_name", api.display_name);
    library->resolve("gss_init_sec_context", api.init_sec_context);
    library->resolve("gss_accept_sec_context", api.accept_sec_context);
    library->resolve("gss_delete_sec_context", api.delete_sec_context);
    library->resolve("gss_acquire_cred", api.acquire_cred);
    library->resolve("gss_release_cred", api.release_cred);
    library->resolve("gss_release_buffer", api.release_buffer);
    library->resolve("gss_display_status", api.display_status);
    gss_OID* host_based = nullptr;
    gss_OID* user_name = nullptr;
    library->resolve("GSS_C_NT_HOSTBASED_SERVICE", host_based);
    library->resolve("GSS_C_NT_USER_NAME", user_name);
    if (!library->missing().empty())
        return make_error(ExitCode::gssapi_failed, strings::format("%s lacks %s", k_library, library->missing().c_str()));
    api.nt_host_based_service = *host_based;
    api.nt_user_name = *user_name;
    return api;
}

// Every message gss_display_status has for one status value.
std::string status_text(const Api& api, OM_uint32 status, int type) {
    std::string text;
    OM_uint32 context = 0;
    do {
        OM_uint32 minor = 0;
        Buffer message(api);
        if (GSS_ERROR(api.display_status(&minor, status, type, GSS_C_NO_OID, &context, message.out()))) break;
        if (!text.empty()) text += "; ";
        text += message.view();
    } while (context != 0);
    return text;
}

}  // namespace

Result<const Api*> load() {
    static const Result<Api> api = load_api();
    if (!api) return api.error();
    return &api.value();
}

Status check_granted_flags(OM_uint32 granted) {
    struct Flag {
        OM_uint32 bit;
        const char* granted_text;
    };
    static constexpr Flag k_flags[] = {
        {GSS_C_MUTUAL_FLAG, "Mutual authentication requested and granted."},
        {GSS_C_REPLAY_FLAG, "Replay detection requested and granted."},
        {GSS_C_SEQUENCE_FLAG, "Out of sequence detection requested and granted."},
    };
    for (const Flag& flag : k_flags) {
        if (!(granted & flag.bit))
            return make_error(ExitCode::gssapi_failed, "Requested security services don't match those returned.");
        DCC_INFO("%s", flag.granted_text);
    }
    return {};
}

Error failure(const Api& api, const std::string& what, OM_uint32 major, OM_uint32 minor) {
    std::string message = what + " GSSAPI: " + status_text(api, major, GSS_C_GSS_CODE);
    if (minor != 0) message += "; Mech: " + status_text(api, minor, GSS_C_MECH_CODE);
    return make_error(ExitCode::gssapi_failed, std::move(message));
}

Name::~Name() {
    OM_uint32 minor = 0;
    if (m_name != GSS_C_NO_NAME) m_api->release_name(&minor, &m_name);
}

Buffer::~Buffer() {
    OM_uint32 minor = 0;
    if (m_buffer.value) m_api->release_buffer(&minor, &m_buffer);
}

Context::~Context() {
    OM_uint32 minor = 0;
    if (m_context != GSS_C_NO_CONTEXT) m_api->delete_sec_context(&minor, &m_context, GSS_C_NO_BUFFER);
}

Status import_name(const Api& api, const PrincipalName& principal, Name& out) {
    gss_buffer_desc text = input_token(principal.text);
    gss_OID type = principal.type == NameType::host_based_service ? api.nt_host_based_service : api.nt_user_name;
    OM_uint32 minor = 0;
    OM_uint32 major = api.import_name(&minor, &text, type, out.out());
    if (major != GSS_S_COMPLETE)
        return failure(api, "Failed to import name \"" + principal.text + "\" to internal GSS-API format.", major, minor);
    return {};
}

}  // namespace dcc::auth::gss

// MIT krb5 1.20 leaks a copied principal when gss_acquire_cred fails (reproduced
// with a six-line C program), which happens whenever a daemon's keytab lacks its
// principal.  Sanitizer builds would otherwise turn that error exit into a leak
// report; the LeakSanitizer runtime reads this hook, other builds ignore it.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:krb5_copy_principal\nleak:krb5int_copy_data_contents\n";
}
