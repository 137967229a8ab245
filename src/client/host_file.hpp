// SPDX-License-Identifier: GPL-2.0-or-later
// Where the host list comes from (doc/client.md §7.1): $DISTCC_HOSTS if set (even
// empty), else $DISTCC_DIR/hosts, else <sysconfdir>/distcc/hosts; then the hosts of a
// +zeroconf entry are spliced in and --randomize is applied.  The client calls this
// for every host choice and for --show-hosts / -j.  Files and the zeroconf browser's
// findings are read through a small interface, so tests need neither disk nor Avahi.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "client/host_spec.hpp"
#include "common/log.hpp"
#include "common/result.hpp"
#include "zeroconf/capabilities.hpp"

namespace dcc::client {

inline constexpr std::size_t k_max_host_file_size = 1u << 20;

// Where host-list text comes from.
class FileReader {
public:
    virtual ~FileReader() = default;
    // The whole file; ExitCode::no_such_file when it does not exist or cannot be read.
    virtual Result<std::string> read(const std::string& path, std::size_t max_size) = 0;
    // What the zeroconf browser for `distcc_dir` has found, as host-list text; a
    // browser started for it offers the hosts `client` can use.
    virtual Result<std::string> zeroconf_hosts(const std::string& distcc_dir,
                                               const zeroconf::ClientAbilities& client) = 0;
};

// Reads from the real file system; zeroconf_hosts starts the browser process when
// none is running (zeroconf::discovered_hosts).
class DiskFileReader final : public FileReader {
public:
    Result<std::string> read(const std::string& path, std::size_t max_size) override;
    Result<std::string> zeroconf_hosts(const std::string& distcc_dir, const zeroconf::ClientAbilities& client) override;
};

struct HostListSources {
    std::optional<std::string> env_hosts;  // DISTCC_HOSTS
    std::string distcc_dir;                // "" when neither DISTCC_DIR nor HOME is set
    std::string sysconfdir;                // e.g. "/etc"
    // For +zeroconf (doc/client.md §7.3): what this client can use, and whether it
    // runs under pump (INCLUDE_SERVER_PORT set), without which `,cpp` is dropped
    // from discovered hosts.
    zeroconf::ClientAbilities zeroconf = {};
    bool pump = false;
};

struct HostListText {
    std::string text;
    std::string origin;  // "$DISTCC_HOSTS" or the file name, for messages
};

// The first configured source.  ExitCode::no_hosts when none is ("no hostlist is set").
Result<HostListText> find_host_list(const HostListSources& sources, FileReader& reader);

// Find, parse, splice in zeroconf hosts, randomize with `seed` (upstream uses the
// PID).  Errors carry ExitCode::no_hosts (nothing configured, or no host in the list:
// "<origin> contained no hosts; can't distribute work"), bad_hostspec, or the
// zeroconf layer's code when `+zeroconf` cannot be served (e.g. a build without Avahi).
Result<HostList> load_host_list(const HostListSources& sources, const HostSpecFeatures& features, FileReader& reader,
                                unsigned seed);

// How loud a problem of load_host_list is, as in 3.4: a warning when the list is
// empty or there is none (ExitCode::no_hosts, "... contained no hosts; can't
// distribute work"), an error when it cannot be used (a word that does not parse,
// +zeroconf without a browser).  For compiles and for --show-hosts / -j alike.
log::Level host_list_problem_level(const Error& problem);

// Shuffle as upstream --randomize does: one rand() per host after srand(seed), hosts
// ordered by that number.
void randomize_hosts(std::vector<HostSpec>& hosts, unsigned seed);

}  // namespace dcc::client
