// SPDX-License-Identifier: GPL-2.0-or-later
// The kind <-> ExitCode table of failure.hpp.
#include "include_server/failure.hpp"

#include <utility>

namespace dcc::include_server {
namespace {

struct KindCode {
    FailureKind kind;
    ExitCode code;
};

// io_error marks the fatal kind because every fatal failure is an I/O failure on the
// mirror; no_such_file marks the quiet kind because most of its reasons are missing
// or unusable user files.
constexpr KindCode k_codes[] = {
    {FailureKind::not_covered, ExitCode::distcc_failed},
    {FailureKind::not_covered_quietly, ExitCode::no_such_file},
    {FailureKind::time_out, ExitCode::timeout},
    {FailureKind::fatal, ExitCode::io_error},
};

Error make(FailureKind kind, std::string message) {
    for (const KindCode& row : k_codes)
        if (row.kind == kind) return make_error(row.code, std::move(message));
    return make_error(ExitCode::distcc_failed, std::move(message));
}

}  // namespace

Error not_covered(std::string message) { return make(FailureKind::not_covered, std::move(message)); }
Error not_covered_quietly(std::string message) { return make(FailureKind::not_covered_quietly, std::move(message)); }
Error time_out(std::string message) { return make(FailureKind::time_out, std::move(message)); }
Error fatal(std::string message) { return make(FailureKind::fatal, std::move(message)); }

FailureKind kind_of(const Error& error) {
    for (const KindCode& row : k_codes)
        if (row.code == error.code) return row.kind;
    return FailureKind::not_covered;
}

Error in_file(const std::string& path, Error error) {
    error.message = "File: '" + path + "': " + error.message;
    return error;
}

}  // namespace dcc::include_server
