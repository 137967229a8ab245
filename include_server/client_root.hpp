// SPDX-License-Identifier: GPL-2.0-or-later
// Client roots: the directories that hold the mirror (doc/include-server.md, "The
// client root"), upstream's ClientRootKeeper.  The base is $DISTCC_CLIENT_TMP, else
// /dev/shm when usable, else /tmp; each generation gets a fresh
// <base>/tmpXXXXXXXX.include_server-<pid>-<generation>, padded with "/padding" so that
// every root has exactly three components -- clients strip three components from
// every path the server returns.  Also removes the roots of include servers that
// died without cleaning up, and this server's own roots at shutdown.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

#include "common/result.hpp"

namespace dcc::include_server {

// The base directory from $DISTCC_CLIENT_TMP (nullopt when unset) and whether
// /dev/shm is usable; an error text (upstream exits with it) when the variable is
// not an absolute path of at most two components.
Result<std::string> choose_client_tmp(const std::optional<std::string>& distcc_client_tmp, bool dev_shm_usable);

// Whether /dev/shm is a directory we may read, write and search.
bool dev_shm_usable();

// Number of "/padding" components a root under `base` needs.
int padding_levels(const std::string& base);

// The PID in a root's name ("…include_server-<pid>-<generation>"), if well formed.
std::optional<pid_t> pid_of_root(const std::string& path);

class ClientRoots {
public:
    explicit ClientRoots(std::string base) : m_base(std::move(base)) {}

    // Create the root of `generation` (mode 0700) and return it, padding included.
    Result<std::string> make_root(int generation);
    // Remove the roots of include servers whose process no longer exists.
    void remove_stale_roots();
    // Remove every root of this process.
    void remove_own_roots();

    const std::string& base() const { return m_base; }

private:
    void remove_roots_of(pid_t pid);

    std::string m_base;
};

}  // namespace dcc::include_server
