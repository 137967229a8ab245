// SPDX-License-Identifier: GPL-2.0-or-later
// Asks the local C compiler what it is (`cc -dumpversion`, `cc -dumpmachine`), as
// upstream dcc_get_gcc_version / dcc_get_gcc_machine do, for the subtype and TXT
// records of zeroconf.  Runs two short child processes; called once by a
// publishing daemon and once per browser process, never per compile job.
#pragma once

#include <string>
#include <vector>

#include "zeroconf/service_info.hpp"

namespace dcc::zeroconf {

// The first word `argv` prints on stdout (stderr discarded), or nullopt if it
// cannot be run or prints nothing.  Its exit status is not consulted, as with
// upstream's popen.
std::optional<std::string> command_first_word(const std::vector<std::string>& argv);

CompilerIdentity query_compiler_identity(const std::string& compiler = "cc");

}  // namespace dcc::zeroconf
