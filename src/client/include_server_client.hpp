// SPDX-License-Identifier: GPL-2.0-or-later
// The distcc client's side of the include-server socket (doc/include-server.md
// "Socket protocol", doc/pump.md): one request per connection -- CDIR, ARGC, ARGV --
// answered by ARGC and one ARGV per mirrored path, where ARGC 0 means "cannot help".
// The pure parts (turning a mirror path into the client path, the discrepancy
// counter's location) are separate functions so they can be unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::client {

// The path a mirror path stands for (doc/pump.md "File list"): the first three
// components (the client root) dropped, then a trailing ".abs", then a trailing
// ".lzo".  "/dev/shm/tmpX.include_server-1-1/src/a.c.lzo" -> "/src/a.c".
std::string client_path_of(std::string_view mirror_path);

// Whether a client path is a directory-forcing placeholder (".../forcing_technique_271828").
bool is_forcing_placeholder(std::string_view client_path);

// The counter file next to the socket: INCLUDE_SERVER_PORT with its final "/socket"
// replaced by "/discrepancy_counter"; nullopt when it does not end in "/socket".
std::optional<std::string> discrepancy_counter_path(std::string_view include_server_port);

// Ask the include server at `socket_path` for the files `argv` (run in `cwd`) needs.
// An empty vector is the "cannot help" answer.  Errors: the socket path is too long
// for sun_path, connect failed (4 s), I/O timeout, a malformed reply.
Result<std::vector<std::string>> ask_include_server(const std::string& socket_path, std::string_view cwd,
                                                    const std::vector<std::string>& argv, int io_timeout_ms);

}  // namespace dcc::client
