// SPDX-License-Identifier: GPL-2.0-or-later
// The daemon side of zeroconf for builds with Avahi (zeroconf.hpp): announce
// distcc@<hostname> on _distcc._tcp with the TXT records and the compiler subtype
// of service_info.hpp, from Avahi's threaded poll, re-registering after name
// collisions and reconnecting when the Avahi daemon restarts (upstream
// zeroconf-reg.c).  Every ServiceSettings::refresh_sec it looks at its compilers
// again and updates the TXT records when they changed (doc/daemon.md §12.1).
// Everything the callbacks touch lives in Publisher::State and is only used from
// the poll thread once start() has returned.
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "zeroconf/avahi_library.hpp"
#include "zeroconf/capabilities.hpp"
#include "zeroconf/compiler_inventory.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::zeroconf {

struct Publisher::State {
    const avahi::Api* api = nullptr;
    pid_t owner = 0;  // the process whose thread runs the poll
    AvahiThreadedPoll* poll = nullptr;
    AvahiClient* client = nullptr;
    AvahiEntryGroup* group = nullptr;
    std::string name;  // may change after a collision
    ServiceSettings settings;
    CompilerInventory inventory;
    AvahiTimeout* refresh = nullptr;
    std::vector<std::string> txt;
    std::optional<std::string> subtype;

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State();
};

namespace {

// Bounds the search for a free name when this host already announces ours.
constexpr int k_max_renames = 50;

void on_client(AvahiClient* client, AvahiClientState state, void* userdata);

// Stop announcing after an error; the daemon keeps serving.
void give_up(Publisher::State& s, const char* what) {
    DCC_CRITICAL("%s: %s", what, s.api->client_error(s.client));
    s.api->threaded_poll_quit(s.poll);
}

// 0, or the Avahi error of adding the service and its subtype to the group.
int add_entries(Publisher::State& s) {
    std::vector<const char*> records;
    for (const std::string& record : s.txt) records.push_back(record.c_str());
    AvahiStringList* txt = s.api->string_list_new_from_array(records.data(), static_cast<int>(records.size()));
    int error = s.api->entry_group_add_service_strlst(s.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                      AvahiPublishFlags(0), s.name.c_str(), k_service_type, nullptr,
                                                      nullptr, s.settings.port, txt);
    s.api->string_list_free(txt);
    if (error < 0 || !s.subtype) return error < 0 ? error : 0;
    return std::min(0, s.api->entry_group_add_service_subtype(s.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                              AvahiPublishFlags(0), s.name.c_str(), k_service_type,
                                                              nullptr, s.subtype->c_str()));
}

// Switch to Avahi's next alternative name ("distcc@host #2", ...).
void rename_service(Publisher::State& s) {
    char* alternative = s.api->alternative_service_name(s.name.c_str());
    s.name = alternative;
    s.api->free(alternative);
    DCC_NOTICE("zeroconf: service name collision, renaming to '%s'", s.name.c_str());
}

void on_group(AvahiEntryGroup*, AvahiEntryGroupState state, void* userdata);

// What to announce now (capabilities.hpp announcement_records).
void describe(Publisher::State& s) {
    CompilerIdentity cc = s.inventory.identity_of("cc", s.settings.search_path);
    s.txt = announcement_records(s.settings, cc, s.inventory.scan(s.settings.whitelist_dirs, s.settings.search_path));
    s.subtype = subtype_for(cc);
}

// upstream register_stuff
void register_service(Publisher::State& s) {
    if (!s.group && !(s.group = s.api->entry_group_new(s.client, on_group, &s))) {
        give_up(s, "Failed to create entry group");
        return;
    }
    if (!s.api->entry_group_is_empty(s.group)) return;
    // Another program on this host may already use the name; upstream gives up
    // (Debian's distccd 3.4 even aborts), we take the next alternative name.
    int error = add_entries(s);
    for (int attempt = 0; error == AVAHI_ERR_COLLISION && attempt < k_max_renames; ++attempt) {
        rename_service(s);
        s.api->entry_group_reset(s.group);
        error = add_entries(s);
    }
    if (error < 0) {
        give_up(s, "Failed to add service");
        return;
    }
    if (s.api->entry_group_commit(s.group) < 0) give_up(s, "Failed to commit entry group");
}

void on_refresh(AvahiTimeout*, void* userdata);

void arm_refresh(Publisher::State& s) {
    if (s.settings.refresh_sec <= 0) return;
    const AvahiPoll* poll = s.api->threaded_poll_get(s.poll);
    struct timeval when {};
    ::gettimeofday(&when, nullptr);
    when.tv_sec += s.settings.refresh_sec;
    if (s.refresh)
        poll->timeout_update(s.refresh, &when);
    else
        s.refresh = poll->timeout_new(poll, &when, on_refresh, &s);
}

// Announce a changed compiler set: new TXT records in place, or the whole service
// again when `cc` (and so the subtype) changed.
void on_refresh(AvahiTimeout*, void* userdata) {
    auto& s = *static_cast<Publisher::State*>(userdata);
    std::vector<std::string> old_txt = s.txt;
    std::optional<std::string> old_subtype = s.subtype;
    describe(s);
    if (s.txt != old_txt && s.group && !s.api->entry_group_is_empty(s.group)) {
        DCC_INFO("zeroconf: compilers changed, updating the announcement");
        int error = -1;
        if (s.subtype == old_subtype) {
            std::vector<const char*> records;
            for (const std::string& record : s.txt) records.push_back(record.c_str());
            AvahiStringList* txt = s.api->string_list_new_from_array(records.data(), static_cast<int>(records.size()));
            error = s.api->entry_group_update_service_txt_strlst(s.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                                 AvahiPublishFlags(0), s.name.c_str(), k_service_type,
                                                                 nullptr, txt);
            s.api->string_list_free(txt);
        }
        if (error < 0) {
            s.api->entry_group_reset(s.group);
            register_service(s);
        }
    }
    arm_refresh(s);
}

void on_group(AvahiEntryGroup*, AvahiEntryGroupState state, void* userdata) {
    auto& s = *static_cast<Publisher::State*>(userdata);
    switch (state) {
    case AVAHI_ENTRY_GROUP_COLLISION:
        rename_service(s);
        s.api->entry_group_reset(s.group);
        register_service(s);
        break;
    case AVAHI_ENTRY_GROUP_FAILURE: give_up(s, "Failed to register service"); break;
    case AVAHI_ENTRY_GROUP_ESTABLISHED: DCC_INFO("zeroconf: registered '%s'", s.name.c_str()); break;
    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING: break;
    }
}

// The Avahi daemon went away: start over with a client that waits for it.
void reconnect(Publisher::State& s) {
    s.api->client_free(s.client);  // frees the entry group too
    s.client = nullptr;
    s.group = nullptr;
    int error = 0;
    if (!s.api->client_new(s.api->threaded_poll_get(s.poll), AVAHI_CLIENT_NO_FAIL, on_client, &s, &error)) {
        DCC_CRITICAL("Failed to contact server: %s", s.api->strerror(error));
        s.api->threaded_poll_quit(s.poll);
    }
}

void on_client(AvahiClient* client, AvahiClientState state, void* userdata) {
    auto& s = *static_cast<Publisher::State*>(userdata);
    s.client = client;  // also called from inside avahi_client_new, before it returns
    switch (state) {
    case AVAHI_CLIENT_S_RUNNING: register_service(s); break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
        if (s.group) s.api->entry_group_reset(s.group);
        break;
    case AVAHI_CLIENT_FAILURE:
        if (s.api->client_errno(client) == AVAHI_ERR_DISCONNECTED)
            reconnect(s);
        else
            give_up(s, "Client failure");
        break;
    case AVAHI_CLIENT_CONNECTING: break;
    }
}

std::string host_name() {
    char name[256] = "";
    ::gethostname(name, sizeof name - 1);
    return name;
}

}  // namespace

Publisher::State::~State() {
    // A forked worker has a copy of this object but not the poll thread; only the
    // process that started the announcement may stop and withdraw it.
    if (owner != ::getpid()) return;
    if (poll) api->threaded_poll_stop(poll);
    if (client) api->client_free(client);
    if (poll) api->threaded_poll_free(poll);
}

Publisher::Publisher(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Publisher::Publisher(Publisher&&) noexcept = default;
Publisher& Publisher::operator=(Publisher&&) noexcept = default;
Publisher::~Publisher() = default;

Result<Publisher> Publisher::start(const ServiceSettings& settings) {
    auto api = avahi::load();
    if (!api) return std::move(api).error();
    auto state = std::make_unique<State>();
    State& s = *state;
    s.api = *api;
    s.owner = ::getpid();
    s.name = service_name(host_name());
    s.settings = settings;
    describe(s);
    if (!s.subtype) DCC_WARNING("Failed to determine CC version, not registering DNS-SD service subtype!");
    if (!(s.poll = s.api->threaded_poll_new()))
        return make_error(ExitCode::connect_failed, "Failed to create event loop object.");
    int error = 0;
    if (!s.api->client_new(s.api->threaded_poll_get(s.poll), AVAHI_CLIENT_NO_FAIL, on_client, &s, &error))
        return make_error(ExitCode::connect_failed, std::string("Failed to create client object: ") + s.api->strerror(error));
    arm_refresh(s);
    if (s.api->threaded_poll_start(s.poll) < 0) return make_error(ExitCode::connect_failed, "Failed to create thread.");
    return Publisher(std::move(state));
}

}  // namespace dcc::zeroconf
