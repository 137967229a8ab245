// SPDX-License-Identifier: GPL-2.0-or-later
// Reading and writing include-server requests and replies over proto streams.
#include "include_server/request.hpp"

#include "proto/messages.hpp"
#include "proto/packet.hpp"

namespace dcc::include_server {

proto::Limits request_limits() {
    proto::Limits limits;
    limits.max_argc = 65536;
    limits.max_arg_length = 1u << 20;
    limits.max_argv_total = 4u << 20;
    limits.max_path_length = 4096;
    return limits;
}

Result<ServerRequest> read_server_request(proto::Source& source, const proto::Limits& limits) {
    ServerRequest request;
    auto cwd = proto::read_cwd(source, limits);
    if (!cwd.ok()) return std::move(cwd).error();
    request.cwd = std::move(*cwd);
    auto argv = proto::read_argv(source, limits);
    if (!argv.ok()) return std::move(argv).error();
    request.argv = std::move(*argv);
    return request;
}

Status write_server_request(proto::Sink& sink, const ServerRequest& request) {
    DCC_TRY(proto::write_string(sink, proto::Token::cdir, request.cwd));
    DCC_TRY(proto::write_value(sink, proto::Token::argc, static_cast<uint32_t>(request.argv.size())));
    for (const std::string& word : request.argv) DCC_TRY(proto::write_string(sink, proto::Token::argv, word));
    return sink.flush();
}

Result<std::vector<std::string>> read_server_reply(proto::Source& source, const proto::Limits& limits) {
    // Not proto::read_argv: for the include server ARGC 0 is a valid answer.
    auto count = proto::read_value(source, proto::Token::argc);
    if (!count.ok()) return std::move(count).error();
    if (*count > limits.max_files)
        return make_error(ExitCode::protocol_error, "include server reply has too many paths");
    std::vector<std::string> paths;
    for (uint32_t i = 0; i < *count; ++i) {
        auto path = proto::read_string(source, proto::Token::argv, limits.max_path_length);
        if (!path.ok()) return std::move(path).error();
        paths.push_back(std::move(*path));
    }
    return paths;
}

Status write_server_reply(proto::Sink& sink, const std::vector<std::string>& paths) {
    DCC_TRY(proto::write_value(sink, proto::Token::argc, static_cast<uint32_t>(paths.size())));
    for (const std::string& path : paths) DCC_TRY(proto::write_string(sink, proto::Token::argv, path));
    return sink.flush();
}

}  // namespace dcc::include_server
