// SPDX-License-Identifier: GPL-2.0-or-later
// Names for the exit codes of exit_code.hpp, used in log lines and test output.
#include "common/exit_code.hpp"

namespace dcc {

const char* exit_code_name(ExitCode code) {
    switch (code) {
    case ExitCode::ok: return "EXIT_SUCCESS";
    case ExitCode::distcc_failed: return "EXIT_DISTCC_FAILED";
    case ExitCode::bad_arguments: return "EXIT_BAD_ARGUMENTS";
    case ExitCode::bind_failed: return "EXIT_BIND_FAILED";
    case ExitCode::connect_failed: return "EXIT_CONNECT_FAILED";
    case ExitCode::compiler_crashed: return "EXIT_COMPILER_CRASHED";
    case ExitCode::out_of_memory: return "EXIT_OUT_OF_MEMORY";
    case ExitCode::bad_hostspec: return "EXIT_BAD_HOSTSPEC";
    case ExitCode::io_error: return "EXIT_IO_ERROR";
    case ExitCode::truncated: return "EXIT_TRUNCATED";
    case ExitCode::protocol_error: return "EXIT_PROTOCOL_ERROR";
    case ExitCode::compiler_missing: return "EXIT_COMPILER_MISSING";
    case ExitCode::recursion: return "EXIT_RECURSION";
    case ExitCode::setuid_failed: return "EXIT_SETUID_FAILED";
    case ExitCode::access_denied: return "EXIT_ACCESS_DENIED";
    case ExitCode::busy: return "EXIT_BUSY";
    case ExitCode::no_such_file: return "EXIT_NO_SUCH_FILE";
    case ExitCode::no_hosts: return "EXIT_NO_HOSTS";
    case ExitCode::gone: return "EXIT_GONE";
    case ExitCode::timeout: return "EXIT_TIMEOUT";
    case ExitCode::gssapi_failed: return "EXIT_GSSAPI_FAILED";
    case ExitCode::local_cpp: return "EXIT_LOCAL_CPP";
    }
    return "EXIT_UNKNOWN";
}

}  // namespace dcc
