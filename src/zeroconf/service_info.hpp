// SPDX-License-Identifier: GPL-2.0-or-later
// What distcc says about itself over DNS-SD and what it makes of other servers'
// announcements, as pure functions: the service name, the TXT records, the subtype
// that groups servers by compiler, the job count a browser derives from TXT records,
// and the lines of the discovered-hosts file.  Shared by the publisher (doc/daemon.md
// §12) and the browser (doc/client.md §7.3); no Avahi, no I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcc::zeroconf {

inline constexpr const char* k_service_type = "_distcc._tcp";

// The local C compiler as `cc -dumpversion` / `cc -dumpmachine` describe it; each
// part is absent when the command failed.
struct CompilerIdentity {
    std::optional<std::string> version;  // "12"
    std::optional<std::string> machine;  // "x86_64-linux-gnu"
};

// The first word of a command's output (upstream read_string_from_popen: one line
// of at most 63 bytes, cut at the first blank or line end); nullopt when empty.
std::optional<std::string> first_word(std::string_view output);

// "_x86-64-linux-gnu--12._sub._distcc._tcp": both parts lower-cased, every other
// character outside [a-z0-9] replaced by '-' (upstream dcc_make_dnssd_subtype).
// The type to browse and publish, or nullopt (plain _distcc._tcp) without both parts.
std::optional<std::string> subtype_for(const CompilerIdentity& identity);

// "distcc@<hostname>"
std::string service_name(std::string_view hostname);

// What the daemon publishes about itself.
struct ServiceSettings {
    uint16_t port = 3632;
    int cpus = 1;
    int jobs = 3;
    bool auth = false;  // --auth
    // Where the compilers clients may name are listed (the masquerade whitelist
    // directories; none with --enable-tcp-insecure) and the PATH they run from.
    std::vector<std::string> whitelist_dirs = {};
    std::string search_path = {};
    // How often the compilers are looked at again (0: never).
    int refresh_sec = 60;
};

// TXT records in the order distccd 3.4 publishes them: txtvers=1, cpus, jobs,
// distcc (version), gnuhost, then cc_version and cc_machine when known.
std::vector<std::string> txt_records(const ServiceSettings& settings, const CompilerIdentity& identity);

// The slot count a browser writes for a server from its TXT key/value pairs:
// jobs= if positive; missing -> 4; zero, negative or junk -> cpus + 2, where
// cpus= below 1 (or junk) counts as 1 and a missing cpus= as 1.  (Debian 3.4.)
int jobs_from_txt(const std::vector<std::pair<std::string, std::string>>& txt);

// One resolved server, as the browser knows it.
struct DiscoveredHost {
    std::string service;  // "distcc@build1", the key for collapsing
    std::string address;  // numeric, without brackets
    bool ipv6 = false;
    uint16_t port = 0;
    int jobs = 4;
    std::string options = {};                 // ",cpp,lzo" (capabilities.hpp host_options)
    std::vector<std::string> compilers = {};  // the only compiler names to send; empty: any
    std::string interface = {};               // the scope of an IPv6 link-local address
};

// fe80::/10, which needs an interface to be dialled.
bool is_link_local_ipv6(std::string_view address);

// The hosts file (doc/client.md §7.3): "ADDR:PORT/JOBS[OPTIONS]" ("[ADDR]" for IPv6,
// "[fe80::1%eth0]" for a link-local one, which is left out without its interface),
// then " # compilers: NAME..." when the host takes only some compilers; one line
// per service name, so a multi-homed server is listed once.  IPv4 lines win over
// IPv6 ones, global IPv6 over link-local; within a kind the order is kept.  3.4
// clients sharing the DISTCC_DIR read the same file: the note is a comment to them.
std::string render_hosts_file(const std::vector<DiscoveredHost>& hosts);

// The compiler notes of a hosts file: each annotated line's host word and names.
std::vector<std::pair<std::string, std::vector<std::string>>> hosts_file_compilers(std::string_view text);

}  // namespace dcc::zeroconf
