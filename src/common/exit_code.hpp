// SPDX-License-Identifier: GPL-2.0-or-later
// The one enum of distcc exit codes (doc/client.md §15), shared by every
// program.  Numbers are fixed by upstream and documented in the man pages; code
// outside this file never writes a bare number.  It does not decide which code a
// failure gets: the layer that detects the failure does.
#pragma once

namespace dcc {

enum class ExitCode : int {
    ok = 0,
    distcc_failed = 100,
    bad_arguments = 101,
    bind_failed = 102,
    connect_failed = 103,
    compiler_crashed = 104,
    out_of_memory = 105,
    bad_hostspec = 106,
    io_error = 107,
    truncated = 108,
    protocol_error = 109,
    compiler_missing = 110,
    recursion = 111,
    setuid_failed = 112,
    access_denied = 113,
    busy = 114,
    no_such_file = 115,
    no_hosts = 116,
    gone = 117,
    timeout = 118,
    gssapi_failed = 119,
    local_cpp = 120,
};

// The upstream symbolic name, e.g. "EXIT_IO_ERROR"; "EXIT_<n>" for unknown values.
const char* exit_code_name(ExitCode code);

inline int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace dcc
