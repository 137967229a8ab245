// SPDX-License-Identifier: GPL-2.0-or-later
// The client side of zeroconf for builds with Avahi (zeroconf.hpp): starting the
// detached browser process and the browser itself, which follows every distcc
// server Avahi finds on _distcc._tcp and on our `cc`'s subtype, keeps those with a
// compiler the client has (capabilities.hpp usable_compilers: for 3.4 daemons,
// membership of the subtype, as 3.4 browses only that) and keeps
// $DISTCC_DIR/zeroconf/hosts current, with the options each server's TXT records
// allow, until nobody has read it for 20 s (upstream zeroconf.c; doc/client.md
// §7.3).  Resolvers stay open, so a server's changed TXT records reach the file.
// The browser is a
// forked, single-threaded process, so it runs Avahi's simple poll in its own loop
// rather than the threaded poll the daemon's publisher needs.
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <list>

#include "common/exec.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "zeroconf/avahi_library.hpp"
#include "zeroconf/capabilities.hpp"
#include "zeroconf/compiler_inventory.hpp"
#include "zeroconf/hosts_file.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::zeroconf {
namespace {

constexpr long k_max_idle_sec = 20;
constexpr int k_poll_interval_ms = 5000;
// How long a client that just started a browser lets it gather hosts.
constexpr unsigned k_first_browse_usec = 1000 * 1000;

// The last answer of a service's resolver.
struct Resolution {
    std::string address;
    bool ipv6 = false;
    uint16_t port = 0;
    std::vector<std::pair<std::string, std::string>> txt;
};

// One service Avahi reported, resolved or still resolving.
class Browser;
struct Service {
    Browser* owner;
    AvahiIfIndex interface;
    AvahiProtocol protocol;
    std::string name;
    std::string domain;
    AvahiServiceResolver* resolver = nullptr;
    bool on_plain = false;    // reported by the _distcc._tcp browser
    bool on_subtype = false;  // reported by the browser of our cc's subtype
    std::optional<Resolution> resolution = {};
    bool usable = false;  // resolved, and the client can send it jobs
    DiscoveredHost host = {};
};

// Which of the two service browsers a callback comes from.
struct BrowseSource {
    Browser* browser;
    bool subtype;
};

class Browser {
public:
    Browser(const avahi::Api& api, int hosts_fd, ClientAbilities client)
        : m_api(api), m_hosts_fd(hosts_fd), m_client_abilities(std::move(client)) {}
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;
    ~Browser();

    // Browse until the hosts file has been unused for k_max_idle_sec; 0 or 1.
    int run();

private:
    static void on_client(AvahiClient* client, AvahiClientState state, void* self);
    static void on_browse(AvahiServiceBrowser*, AvahiIfIndex interface, AvahiProtocol protocol, AvahiBrowserEvent event,
                          const char* name, const char* type, const char* domain, AvahiLookupResultFlags, void* self);
    static void on_resolve(AvahiServiceResolver*, AvahiIfIndex, AvahiProtocol, AvahiResolverEvent event,
                           const char* name, const char*, const char*, const char*, const AvahiAddress* address,
                           uint16_t port, AvahiStringList* txt, AvahiLookupResultFlags, void* service);

    bool start_browser(const std::string& type, BrowseSource& source);
    Service* find(AvahiIfIndex interface, AvahiProtocol protocol, const char* name, const char* domain);
    void add(const BrowseSource& source, AvahiIfIndex interface, AvahiProtocol protocol, const char* name,
             const char* domain);
    void remove(const BrowseSource& source, AvahiIfIndex interface, AvahiProtocol protocol, const char* name,
                const char* domain);
    void resolved(Service& service, const AvahiAddress& address, uint16_t port, AvahiStringList* txt);
    void evaluate(Service& service);
    void forget(Service& service);
    void write_hosts();

    const avahi::Api& m_api;
    int m_hosts_fd;
    ClientAbilities m_client_abilities;
    CompilerInventory m_local_compilers;  // the client's, asked once per binary
    std::optional<std::string> m_subtype;  // of the client's cc; none: every server is in its group
    BrowseSource m_plain_source{this, false};
    BrowseSource m_subtype_source{this, true};
    AvahiSimplePoll* m_poll = nullptr;
    AvahiClient* m_client = nullptr;
    std::list<Service> m_services;  // newest first; stable addresses for callbacks
};

Browser::~Browser() {
    for (Service& service : m_services)
        if (service.resolver) m_api.service_resolver_free(service.resolver);
    if (m_client) m_api.client_free(m_client);  // also frees the service browser
    if (m_poll) m_api.simple_poll_free(m_poll);
}

bool Browser::start_browser(const std::string& type, BrowseSource& source) {
    DCC_INFO("Browsing for '%s'.", type.c_str());
    if (m_api.service_browser_new(m_client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, type.c_str(), nullptr,
                                  AvahiLookupFlags(0), on_browse, &source))
        return true;
    DCC_CRITICAL("Failed to create service browser object: %s", m_api.client_error(m_client));
    return false;
}

int Browser::run() {
    std::time_t started = std::time(nullptr);
    if (!(m_poll = m_api.simple_poll_new())) {
        DCC_CRITICAL("Failed to create simple poll object.");
        return 1;
    }
    int error = 0;
    if (!(m_client = m_api.client_new(m_api.simple_poll_get(m_poll), AvahiClientFlags(0), on_client, this, &error))) {
        DCC_CRITICAL("Failed to create Avahi client object: %s", m_api.strerror(error));
        return 1;
    }
    // Every server, not only those of our `cc`'s subtype as 3.4 browses: ours may
    // have the compiler a job names even when its `cc` differs.
    m_subtype = subtype_for(m_local_compilers.identity_of("cc", m_client_abilities.search_path));
    if (!m_subtype) DCC_WARNING("Warning, failed to get CC version and machine type.");
    if (!start_browser(k_service_type, m_plain_source)) return 1;
    if (m_subtype && !start_browser(*m_subtype, m_subtype_source)) return 1;
    while (true) {
        auto unused = seconds_unused(m_hosts_fd, started);
        if (!unused) {
            DCC_CRITICAL("%s", unused.error().message.c_str());
            return 1;
        }
        if (*unused > k_max_idle_sec) break;
        if (m_api.simple_poll_iterate(m_poll, k_poll_interval_ms) != 0) {
            DCC_CRITICAL("Event loop exited abnormaly.");
            return 1;
        }
    }
    DCC_INFO("Zeroconf daemon unused.");
    return 0;
}

void Browser::on_client(AvahiClient* client, AvahiClientState state, void* self) {
    auto* browser = static_cast<Browser*>(self);
    if (state != AVAHI_CLIENT_FAILURE) return;
    DCC_CRITICAL("Client failure: %s", browser->m_api.client_error(client));
    browser->m_api.simple_poll_quit(browser->m_poll);
}

void Browser::on_browse(AvahiServiceBrowser*, AvahiIfIndex interface, AvahiProtocol protocol, AvahiBrowserEvent event,
                        const char* name, const char*, const char* domain, AvahiLookupResultFlags, void* source_ptr) {
    auto& source = *static_cast<BrowseSource*>(source_ptr);
    Browser* browser = source.browser;
    switch (event) {
    case AVAHI_BROWSER_NEW: browser->add(source, interface, protocol, name, domain); break;
    case AVAHI_BROWSER_REMOVE: browser->remove(source, interface, protocol, name, domain); break;
    case AVAHI_BROWSER_FAILURE:
        DCC_CRITICAL("Service Browser failure '%s': %s", name ? name : "", browser->m_api.client_error(browser->m_client));
        browser->m_api.simple_poll_quit(browser->m_poll);
        break;
    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    case AVAHI_BROWSER_ALL_FOR_NOW: break;
    }
}

void Browser::on_resolve(AvahiServiceResolver*, AvahiIfIndex, AvahiProtocol, AvahiResolverEvent event,
                         const char* name, const char*, const char*, const char*, const AvahiAddress* address,
                         uint16_t port, AvahiStringList* txt, AvahiLookupResultFlags, void* service_ptr) {
    auto* service = static_cast<Service*>(service_ptr);
    Browser* browser = service->owner;
    if (event == AVAHI_RESOLVER_FOUND) {
        browser->resolved(*service, *address, port, txt);
        return;
    }
    DCC_WARNING("Failed to resolve service '%s': %s", name, browser->m_api.client_error(browser->m_client));
    browser->forget(*service);
    browser->write_hosts();
}

Service* Browser::find(AvahiIfIndex interface, AvahiProtocol protocol, const char* name, const char* domain) {
    for (Service& service : m_services)
        if (service.interface == interface && service.protocol == protocol && service.name == name &&
            service.domain == domain)
            return &service;
    return nullptr;
}

// Both browsers report a server of our subtype: one Service, one resolver.
void Browser::add(const BrowseSource& source, AvahiIfIndex interface, AvahiProtocol protocol, const char* name,
                  const char* domain) {
    if (Service* known = find(interface, protocol, name, domain)) {
        (source.subtype ? known->on_subtype : known->on_plain) = true;
        evaluate(*known);
        write_hosts();
        return;
    }
    DCC_INFO("new service: %s", name);
    Service& service = m_services.emplace_front(Service{this, interface, protocol, name, domain});
    (source.subtype ? service.on_subtype : service.on_plain) = true;
    // Resolve to an address of the protocol the service was seen on: an IPv4
    // announcement then gives an IPv4 address (upstream asks for any protocol and may
    // get an IPv6 link-local address without the interface it needs).
    service.resolver = m_api.service_resolver_new(m_client, interface, protocol, name, k_service_type, domain, protocol,
                                                  AvahiLookupFlags(0), on_resolve, &service);
    if (!service.resolver) {
        DCC_WARNING("Failed to create service resolver for '%s': %s", name, m_api.client_error(m_client));
        m_services.pop_front();
    }
}

void Browser::remove(const BrowseSource& source, AvahiIfIndex interface, AvahiProtocol protocol, const char* name,
                     const char* domain) {
    Service* service = find(interface, protocol, name, domain);
    if (!service) return;
    (source.subtype ? service->on_subtype : service->on_plain) = false;
    if (service->on_plain || service->on_subtype) {
        evaluate(*service);
    } else {
        DCC_INFO("Removed service: %s", name);
        forget(*service);
    }
    write_hosts();
}

// Called again whenever the server's records change (the resolver stays open).
void Browser::resolved(Service& service, const AvahiAddress& address, uint16_t port, AvahiStringList* txt) {
    char text[AVAHI_ADDRESS_STR_MAX];
    m_api.address_snprint(text, sizeof text, &address);
    service.resolution = Resolution{text, address.proto == AVAHI_PROTO_INET6, port, avahi::txt_pairs(m_api, txt)};
    evaluate(service);
    write_hosts();
}

// Whether and how the client can use a resolved service (doc/client.md §7.4).
void Browser::evaluate(Service& service) {
    service.usable = false;
    if (!service.resolution) return;
    const Resolution& r = *service.resolution;
    ServerInfo server = server_info_from_txt(r.txt);
    std::optional<std::string> options = host_options(server, m_client_abilities);
    bool in_cc_group = !m_subtype || service.on_subtype;
    std::optional<std::vector<std::string>> compilers =
        usable_compilers(server, in_cc_group, [this](const std::string& name) {
            return m_local_compilers.identity_of(name, m_client_abilities.search_path);
        });
    service.usable = options && compilers;
    if (!service.usable) {
        DCC_INFO("%s: %s", service.name.c_str(),
                 options ? "no compiler this client has" : "the client cannot speak its protocol");
        return;
    }
    char interface[IF_NAMESIZE] = "";
    if (service.interface >= 0 && !::if_indextoname(static_cast<unsigned>(service.interface), interface))
        interface[0] = '\0';
    service.host = DiscoveredHost{service.name,         r.address, r.ipv6,     r.port,
                                  jobs_from_txt(r.txt), *options,  *compilers, interface};
}

void Browser::forget(Service& service) {
    if (service.resolver) m_api.service_resolver_free(service.resolver);
    m_services.remove_if([&](const Service& s) { return &s == &service; });
}

void Browser::write_hosts() {
    std::vector<DiscoveredHost> hosts;
    for (const Service& service : m_services)
        if (service.usable) hosts.push_back(service.host);
    DCC_INFO("writing zeroconf data.");
    if (auto written = replace_hosts(m_hosts_fd, render_hosts_file(hosts)); !written)
        DCC_CRITICAL("%s", written.error().message.c_str());
}

// The browser process after it has detached (upstream daemon_proc).
int browse(const std::string& dir, const ClientAbilities& client) {
    DCC_INFO("Zeroconf daemon running.");
    auto lock = try_lock(path::join(dir, "lock"));
    if (!lock) {
        DCC_CRITICAL("%s", lock.error().message.c_str());
        return 1;
    }
    if (!lock->valid()) return 0;  // another browser won the race
    auto hosts = open_hosts_for_writing(path::join(dir, "hosts"));
    if (!hosts) {
        DCC_CRITICAL("%s", hosts.error().message.c_str());
        return 1;
    }
    if (auto cleared = replace_hosts(hosts->get(), ""); !cleared) DCC_CRITICAL("%s", cleared.error().message.c_str());
    auto api = avahi::load();
    if (!api) {
        DCC_CRITICAL("%s", api.error().message.c_str());
        return 1;
    }
    int status = Browser(**api, hosts->get(), client).run();
    DCC_INFO("zeroconf daemon ended.");
    return status;
}

// Leave everything of the client behind: its descriptors (slot locks, sockets),
// its terminal, its working directory, its signal handlers (which would delete the
// client's temp files) and its log destination.
void detach_from_client() {
    ::setsid();
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGCHLD}) ::signal(sig, SIG_DFL);
    ::close_range(3, ~0u, 0);
    int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd)
        if (null >= 0 && null != fd) ::dup2(null, fd);
    if (null > 2) ::close(null);
    log::to_syslog("distcc");
    if (::chdir("/") != 0) DCC_WARNING("chdir to '/' failed: %s", std::strerror(errno));
}

// Fork twice so that the browser is nobody's child and the client reaps the
// intermediate process at once.
Status start_browser(const std::string& dir, const ClientAbilities& client) {
    DCC_INFO("Spawning zeroconf daemon.");
    pid_t child = ::fork();
    if (child < 0) return make_error(ExitCode::distcc_failed, strings::format("fork() failed: %s", std::strerror(errno)));
    if (child == 0) {
        if (::fork() == 0) {
            detach_from_client();
            ::_exit(browse(dir, client));
        }
        ::_exit(0);
    }
    (void)exec::wait_for(child);
    ::usleep(k_first_browse_usec);
    return {};
}

}  // namespace

bool available() { return true; }

Result<std::string> discovered_hosts(const std::string& distcc_dir, const ClientAbilities& client) {
    auto dir = zeroconf_dir(distcc_dir);
    if (!dir) return std::move(dir).error();
    auto lock = try_lock(path::join(*dir, "lock"));
    if (!lock) return std::move(lock).error();
    if (lock->valid()) {
        lock->reset();  // released for the browser to take
        DCC_TRY(start_browser(*dir, client));
    }
    return read_hosts(path::join(*dir, "hosts"));
}

}  // namespace dcc::zeroconf
