// SPDX-License-Identifier: GPL-2.0-or-later
// Zeroconf (mDNS/DNS-SD via the Avahi daemon): the client's `+zeroconf` host source
// (doc/client.md §7.3) and distccd --zeroconf's announcement (doc/daemon.md 
// §12).  The implementation is chosen by configure: browser.cpp and publisher.cpp
// when built with Avahi, disabled.cpp (every entry point fails) otherwise.
#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "zeroconf/capabilities.hpp"
#include "zeroconf/service_info.hpp"

namespace dcc::zeroconf {

// True when this build can browse and publish (configured --with-avahi).
bool available();

// The client side of `+zeroconf` (upstream dcc_zeroconf_add_hosts): make sure a
// browser process is running for `distcc_dir` -- if none holds
// <distcc_dir>/zeroconf/lock, start one fully detached and give it a second to find
// servers -- then return the contents of <distcc_dir>/zeroconf/hosts, read under a
// shared lock.  The text uses the host-list grammar ("ADDR:PORT/JOBS,OPTIONS" lines,
// service_info.hpp render_hosts_file).  A browser started here serves `client`.
Result<std::string> discovered_hosts(const std::string& distcc_dir, const ClientAbilities& client);

// The daemon's announcement of `distcc@<hostname>` with its TXT records and
// compiler subtype, kept up (re-registered after name collisions and Avahi
// restarts) by Avahi's own thread until the Publisher is destroyed, which
// withdraws it.  Start it after the daemon has detached: threads do not survive
// fork.  Worker processes forked later inherit a copy that does nothing.
class Publisher {
public:
    // Fails with connect_failed when the announcement cannot be started.
    static Result<Publisher> start(const ServiceSettings& settings);

    Publisher(Publisher&&) noexcept;
    Publisher& operator=(Publisher&&) noexcept;
    ~Publisher();

    struct State;

private:
    explicit Publisher(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace dcc::zeroconf
