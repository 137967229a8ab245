// SPDX-License-Identifier: GPL-2.0-or-later
// Compiler admission (doc/daemon.md §8): may this argv run on this server?  In
// upstream's order: the DISTCC_CMDLIST mapping, the masquerade-directory whitelist
// (unless --enable-tcp-insecure or a command list), upstream's -fplugin=/-specs=
// checks (compiler::check_server_arguments), then the argument allow-list of the
// compiler's family (compiler/argument_policy.hpp, doc/security.md §2).  Pure apart
// from the FileProbe; the job runs it after the
// argument scanner and before anything is executed.  The "compiler on PATH is really
// a link to distcc" warning is not decided here (it needs PATH: compiler_locator.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/file_probe.hpp"
#include "daemon/cmdlist.hpp"
#include "daemon/refusal.hpp"

namespace dcc::daemon {

struct AdmissionPolicy {
    bool check_whitelist = true;                // false with --enable-tcp-insecure (and for ssh)
    std::vector<std::string> whitelist_dirs;    // <prefix>/lib/distcc, /usr/lib/distcc
    const CommandList* command_list = nullptr;  // DISTCC_CMDLIST, when set
    std::string sysroot;                        // --sysroot: where -specs= files must be
};

// The whitelist directories upstream checks: `<prefix>/lib/distcc` and
// `/usr/lib/distcc` (once when they are the same).
std::vector<std::string> default_whitelist_dirs();

// Why distccd does not start when none of `dirs` exists, in 3.4's words, naming the
// installed command that fills the first one (<sbindir>/update-distcc-symlinks).
std::string missing_whitelist_message(const std::vector<std::string>& dirs);

// Admit `argv` or say why not.  On success argv[0] may have been replaced by its
// DISTCC_CMDLIST line.
std::optional<Refusal> admit_command(std::vector<std::string>& argv, const AdmissionPolicy& policy,
                                     const compiler::FileProbe& probe);

// The name the whitelist is checked for: argv[0] without a leading "/bin/" or
// "/usr/bin/" (compared case-insensitively, as upstream does).
std::string_view whitelist_name(std::string_view argv0);

}  // namespace dcc::daemon
