// SPDX-License-Identifier: GPL-2.0-or-later
// The client <-> include-server socket protocol (doc/include-server.md, "The socket
// protocol"), built from the distcc token framing of src/proto:
//
//   request := CDIR(cwd) ARGC(n) ARGV{n}                       client -> server
//   reply   := ARGC(m) ARGV{m}     ; m = 0: "not covered"      server -> client
//
// One request per connection; the server closes after replying.  Requests come from
// local processes and are read under caps (limits.hpp); anything malformed is an
// error value, answered with ARGC00000000.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "proto/limits.hpp"
#include "proto/stream.hpp"

namespace dcc::include_server {

struct ServerRequest {
    std::string cwd;
    std::vector<std::string> argv;
    bool operator==(const ServerRequest&) const = default;
};

// Caps for requests: a compile command, not a build.
proto::Limits request_limits();

Result<ServerRequest> read_server_request(proto::Source& source, const proto::Limits& limits);
Status write_server_request(proto::Sink& sink, const ServerRequest& request);

Result<std::vector<std::string>> read_server_reply(proto::Source& source, const proto::Limits& limits);
Status write_server_reply(proto::Sink& sink, const std::vector<std::string>& paths);

}  // namespace dcc::include_server
