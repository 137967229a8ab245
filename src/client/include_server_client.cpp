// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of include_server_client.hpp (upstream dcc_talk_to_include_server).
#include "client/include_server_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "common/fd.hpp"
#include "common/strings.hpp"
#include "proto/limits.hpp"
#include "proto/packet.hpp"
#include "proto/stream.hpp"
#include "proto/token.hpp"

namespace dcc::client {
namespace {

constexpr int k_connect_timeout_ms = 4000;  // as for distcc servers (doc/pump.md)
constexpr std::string_view k_placeholder = "/forcing_technique_271828";
constexpr std::string_view k_socket_suffix = "/socket";

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Result<UniqueFd> connect_unix(const std::string& socket_path) {
    sockaddr_un address{};
    if (socket_path.size() >= sizeof address.sun_path)
        return make_error(ExitCode::distcc_failed,
                          strings::format("include server socket path is too long: %s", socket_path.c_str()));
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return make_error(ExitCode::distcc_failed, strings::format("socket: %s", std::strerror(errno)));
    int error = 0;
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) error = errno;
    if (error == EINPROGRESS || error == EAGAIN || error == EINTR) {
        pollfd p{fd.get(), POLLOUT, 0};
        int n;
        while ((n = ::poll(&p, 1, k_connect_timeout_ms)) < 0 && errno == EINTR) {
        }
        if (n == 0)
            return make_error(ExitCode::distcc_failed,
                              strings::format("timeout while connecting to the include server at %s",
                                              socket_path.c_str()));
        socklen_t length = sizeof error;
        if (n < 0 || ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    }
    if (error != 0)
        return make_error(ExitCode::distcc_failed, strings::format("failed to connect to the include server at %s: %s",
                                                                   socket_path.c_str(), std::strerror(error)));
    return fd;
}

}  // namespace

std::string client_path_of(std::string_view mirror_path) {
    std::size_t pos = 0;
    for (int component = 0; component < 3 && pos != std::string_view::npos; ++component)
        pos = mirror_path.find('/', pos + 1);
    std::string_view rest = pos == std::string_view::npos ? std::string_view() : mirror_path.substr(pos);
    if (ends_with(rest, ".abs")) rest.remove_suffix(4);
    if (ends_with(rest, ".lzo")) rest.remove_suffix(4);
    return std::string(rest);
}

bool is_forcing_placeholder(std::string_view client_path) { return ends_with(client_path, k_placeholder); }

std::optional<std::string> discrepancy_counter_path(std::string_view include_server_port) {
    if (!ends_with(include_server_port, k_socket_suffix)) return std::nullopt;
    include_server_port.remove_suffix(k_socket_suffix.size());
    return std::string(include_server_port) + "/discrepancy_counter";
}

Result<std::vector<std::string>> ask_include_server(const std::string& socket_path, std::string_view cwd,
                                                    const std::vector<std::string>& argv, int io_timeout_ms) {
    auto fd = connect_unix(socket_path);
    if (!fd) return std::move(fd).error();
    proto::FdSink sink(fd->get(), io_timeout_ms);
    DCC_TRY(proto::write_string(sink, proto::Token::cdir, cwd));
    DCC_TRY(proto::write_value(sink, proto::Token::argc, static_cast<uint32_t>(argv.size())));
    for (const std::string& word : argv) DCC_TRY(proto::write_string(sink, proto::Token::argv, word));
    DCC_TRY(sink.flush());
    proto::FdSource source(fd->get(), io_timeout_ms);
    proto::Limits limits;
    auto count = proto::read_value(source, proto::Token::argc);
    if (!count) return std::move(count).error();
    if (*count > limits.max_files)
        return make_error(ExitCode::protocol_error, strings::format("include server sent %u paths", *count));
    std::vector<std::string> paths;
    paths.reserve(*count);
    for (uint32_t i = 0; i < *count; ++i) {
        auto path = proto::read_string(source, proto::Token::argv, limits.max_path_length);
        if (!path) return std::move(path).error();
        paths.push_back(std::move(*path));
    }
    return paths;
}

}  // namespace dcc::client
