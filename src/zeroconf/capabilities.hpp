// SPDX-License-Identifier: GPL-2.0-or-later
// What our distccd adds to 3.4's TXT records (doc/daemon.md §12.1) and what a
// `+zeroconf` browser makes of them (doc/client.md §7.4), as pure functions:
// encoding the protocol versions, features and compilers a server has into TXT
// strings of bounded size, decoding any server's TXT pairs (ours or 3.4's) back,
// turning them into host-list options (`,lzo`, `,cpp,lzo`, `,auth`) and deciding which
// of the client's compiler names may be sent to the server.  No Avahi, no I/O.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zeroconf/service_info.hpp"

namespace dcc::zeroconf {

// RFC 6763 §6.1: one TXT string holds at most 255 bytes.  The whole record is kept
// under the 1300 bytes RFC 6763 §6.2 suggests, so that it fits one packet.
inline constexpr std::size_t k_max_txt_string = 255;
inline constexpr std::size_t k_max_txt_total = 1300;

// Compiler names (as a client sends argv[0]: "gcc", "x86_64-linux-gnu-g++-12")
// that run the same compiler, with its -dumpmachine / -dumpversion.
struct CompilerGroup {
    std::string machine;
    std::string version;
    std::vector<std::string> names;
    bool operator==(const CompilerGroup&) const = default;
};

// What a daemon of ours can do, beyond 3.4's records.
struct Capabilities {
    std::vector<int> protocols = {1, 2, 3};  // protocol versions served (doc/protocol.md)
    bool lzo = true;                         // protocol 2 and 3 bodies
    bool cpp = true;                         // pump mode (protocol 3)
    bool auth = false;                       // --auth: every client must authenticate
    std::vector<CompilerGroup> compilers;    // empty: not known (no whitelist)
};

// The records appended after 3.4's: "protocols=1,2,3", "features=lzo,cpp[,auth]",
// then "cc1=MACHINE VERSION NAME...", "cc2=...", one or more per group (a long group
// continues in the next record).  Names with blanks or control characters are
// skipped; records stop before `budget` bytes (each string counts its length plus
// the length byte) would be exceeded, so the last compilers may be left out.
std::vector<std::string> capability_records(const Capabilities& caps, std::size_t budget);

// Everything our daemon announces: 3.4's records for `cc` (service_info.hpp
// txt_records) first, then capability_records within k_max_txt_total bytes.
std::vector<std::string> announcement_records(const ServiceSettings& settings, const CompilerIdentity& cc,
                                              const std::vector<CompilerGroup>& compilers);

// A server as its TXT pairs describe it.  `ours` is false for a 3.4 daemon (no
// "protocols=" record): then only `cc` (3.4's cc_machine / cc_version) is known.
struct ServerInfo {
    bool ours = false;
    Capabilities caps;
    CompilerIdentity cc;
};

ServerInfo server_info_from_txt(const std::vector<std::pair<std::string, std::string>>& txt);

// What the client program can use, and where its compilers are found.
struct ClientAbilities {
    bool auth = false;        // built with GSS-API
    std::string search_path;  // the client's PATH
};

// The host-list options for a server: "" for a 3.4 daemon (used as 3.4 does),
// ",lzo" with protocol 2, ",cpp,lzo" with protocol 3, then ",auth" when the server
// requires it.  nullopt when the client cannot talk to it at all (it requires
// authentication and the client has no GSS-API, or it serves no protocol we speak).
std::optional<std::string> host_options(const ServerInfo& server, const ClientAbilities& client);

// The local identity of a compiler name (cc -dumpmachine / -dumpversion), as the
// browser finds it; parts are absent when the compiler is missing or silent.
using LocalIdentity = std::function<CompilerIdentity(const std::string& name)>;

// Which jobs may go to `server`.  nullopt: none (skip the server).  An empty list:
// any compiler, 3.4's grouping -- a 3.4 daemon, or ours without a compiler list,
// that is `in_cc_group`: announced under the subtype of the client's `cc` (which is
// how 3.4 browses; a client whose `cc` does not answer takes every server).
// Otherwise the names the server publishes whose identity equals the local one.
std::optional<std::vector<std::string>> usable_compilers(const ServerInfo& server, bool in_cc_group,
                                                         const LocalIdentity& local);

}  // namespace dcc::zeroconf
