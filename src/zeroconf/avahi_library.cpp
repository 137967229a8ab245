// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of avahi_library.hpp.
#include "zeroconf/avahi_library.hpp"

#include "common/dynamic_library.hpp"
#include "common/strings.hpp"

namespace dcc::zeroconf::avahi {
namespace {

// The run-time name of the library configure found (package libavahi-client3).
constexpr const char* k_library = "libavahi-client.so.3";

Result<Api> load_api() {
    // libavahi-common comes with libavahi-client; resolve() finds its symbols too.
    auto library = DynamicLibrary::open(k_library, ExitCode::connect_failed);
    if (!library) return std::move(library).error();
    Api api{};
    library->resolve("avahi_client_new", api.client_new);
    library->resolve("avahi_client_free", api.client_free);
    library->resolve("avahi_client_errno", api.client_errno);
    library->resolve("avahi_entry_group_new", api.entry_group_new);
    library->resolve("avahi_entry_group_add_service_strlst", api.entry_group_add_service_strlst);
    library->resolve("avahi_entry_group_add_service_subtype", api.entry_group_add_service_subtype);
    library->resolve("avahi_entry_group_commit", api.entry_group_commit);
    library->resolve("avahi_entry_group_reset", api.entry_group_reset);
    library->resolve("avahi_entry_group_is_empty", api.entry_group_is_empty);
    library->resolve("avahi_entry_group_update_service_txt_strlst", api.entry_group_update_service_txt_strlst);
    library->resolve("avahi_service_browser_new", api.service_browser_new);
    library->resolve("avahi_service_resolver_new", api.service_resolver_new);
    library->resolve("avahi_service_resolver_free", api.service_resolver_free);
    library->resolve("avahi_simple_poll_new", api.simple_poll_new);
    library->resolve("avahi_simple_poll_free", api.simple_poll_free);
    library->resolve("avahi_simple_poll_get", api.simple_poll_get);
    library->resolve("avahi_simple_poll_iterate", api.simple_poll_iterate);
    library->resolve("avahi_simple_poll_quit", api.simple_poll_quit);
    library->resolve("avahi_threaded_poll_new", api.threaded_poll_new);
    library->resolve("avahi_threaded_poll_free", api.threaded_poll_free);
    library->resolve("avahi_threaded_poll_get", api.threaded_poll_get);
    library->resolve("avahi_threaded_poll_start", api.threaded_poll_start);
    library->resolve("avahi_threaded_poll_stop", api.threaded_poll_stop);
    library->resolve("avahi_threaded_poll_quit", api.threaded_poll_quit);
    library->resolve("avahi_string_list_new_from_array", api.string_list_new_from_array);
    library->resolve("avahi_string_list_free", api.string_list_free);
    library->resolve("avahi_string_list_get_pair", api.string_list_get_pair);
    library->resolve("avahi_alternative_service_name", api.alternative_service_name);
    library->resolve("avahi_address_snprint", api.address_snprint);
    library->resolve("avahi_strerror", api.strerror);
    library->resolve("avahi_free", api.free);
    if (!library->missing().empty())
        return make_error(ExitCode::connect_failed, strings::format("%s lacks %s", k_library, library->missing().c_str()));
    return api;
}

}  // namespace

Result<const Api*> load() {
    static const Result<Api> api = load_api();
    if (!api) return api.error();
    return &api.value();
}

std::vector<std::pair<std::string, std::string>> txt_pairs(const Api& api, AvahiStringList* txt) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (AvahiStringList* item = txt; item; item = item->next) {
        char* key = nullptr;
        char* value = nullptr;
        if (api.string_list_get_pair(item, &key, &value, nullptr) < 0) continue;
        if (value) pairs.emplace_back(key, value);
        api.free(key);
        api.free(value);
    }
    return pairs;
}

}  // namespace dcc::zeroconf::avahi
