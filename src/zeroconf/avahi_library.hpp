// SPDX-License-Identifier: GPL-2.0-or-later
// Access to avahi-client for the real browser and publisher.  The library is loaded
// with dlopen on first use instead of being linked: libavahi-client pulls in
// libdbus and libsystemd, whose start-up costs every distcc process about 1.5
// million instructions of dynamic loading, while only `+zeroconf` browsers and
// distccd --zeroconf use it.  The headers still give every call its exact type.
#pragma once

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/address.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/simple-watch.h>
#include <avahi-common/strlst.h>
#include <avahi-common/thread-watch.h>

#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace dcc::zeroconf::avahi {

// The Avahi entry points distcc uses, resolved from the loaded libraries.
struct Api {
    decltype(&::avahi_client_new) client_new;
    decltype(&::avahi_client_free) client_free;
    decltype(&::avahi_client_errno) client_errno;
    decltype(&::avahi_entry_group_new) entry_group_new;
    decltype(&::avahi_entry_group_add_service_strlst) entry_group_add_service_strlst;
    decltype(&::avahi_entry_group_add_service_subtype) entry_group_add_service_subtype;
    decltype(&::avahi_entry_group_commit) entry_group_commit;
    decltype(&::avahi_entry_group_reset) entry_group_reset;
    decltype(&::avahi_entry_group_is_empty) entry_group_is_empty;
    decltype(&::avahi_entry_group_update_service_txt_strlst) entry_group_update_service_txt_strlst;
    decltype(&::avahi_service_browser_new) service_browser_new;
    decltype(&::avahi_service_resolver_new) service_resolver_new;
    decltype(&::avahi_service_resolver_free) service_resolver_free;
    decltype(&::avahi_simple_poll_new) simple_poll_new;
    decltype(&::avahi_simple_poll_free) simple_poll_free;
    decltype(&::avahi_simple_poll_get) simple_poll_get;
    decltype(&::avahi_simple_poll_iterate) simple_poll_iterate;
    decltype(&::avahi_simple_poll_quit) simple_poll_quit;
    decltype(&::avahi_threaded_poll_new) threaded_poll_new;
    decltype(&::avahi_threaded_poll_free) threaded_poll_free;
    decltype(&::avahi_threaded_poll_get) threaded_poll_get;
    decltype(&::avahi_threaded_poll_start) threaded_poll_start;
    decltype(&::avahi_threaded_poll_stop) threaded_poll_stop;
    decltype(&::avahi_threaded_poll_quit) threaded_poll_quit;
    decltype(&::avahi_string_list_new_from_array) string_list_new_from_array;
    decltype(&::avahi_string_list_free) string_list_free;
    decltype(&::avahi_string_list_get_pair) string_list_get_pair;
    decltype(&::avahi_alternative_service_name) alternative_service_name;
    decltype(&::avahi_address_snprint) address_snprint;
    decltype(&::avahi_strerror) strerror;
    decltype(&::avahi_free) free;

    // avahi_strerror(avahi_client_errno(client))
    const char* client_error(AvahiClient* client) const { return strerror(client_errno(client)); }
};

// The libraries, loaded once per process; an error when they cannot be loaded.
Result<const Api*> load();

// The key/value pairs of a TXT record list (records without '=' are skipped).
std::vector<std::pair<std::string, std::string>> txt_pairs(const Api& api, AvahiStringList* txt);

}  // namespace dcc::zeroconf::avahi
