// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of socket_activation.hpp (systemd's sd_listen_fds(), without
// linking libsystemd).
#include "daemon/socket_activation.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/io.hpp"
#include "common/strings.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {
namespace {

// Far more than any socket unit passes; guards the descriptor loop.
constexpr long long k_max_passed_sockets = 64;

Error bad(std::string message) { return make_error(ExitCode::bad_arguments, "socket activation: " + std::move(message)); }

// LISTEN_FDNAMES words in order, empty ones kept (they are positional).
std::vector<std::string> split_names(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t start = 0;;) {
        std::size_t colon = text.find(':', start);
        names.emplace_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos) return names;
        start = colon + 1;
    }
}

Result<PassedSocket> inspect(int fd, std::string name) {
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
        return bad(strings::format("descriptor %d passed in LISTEN_FDS is not a socket", fd));
    int listening = 0;
    socklen_t length = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0)
        return bad(strings::format("getsockopt on descriptor %d failed: %s", fd, std::strerror(errno)));
    return PassedSocket{fd, std::move(name), listening != 0};
}

}  // namespace

Result<std::optional<std::vector<std::string>>> passed_socket_names(const env::Snapshot& env, long own_pid) {
    using Names = std::optional<std::vector<std::string>>;
    auto pid_text = env.get(env::Var::listen_pid);
    if (!pid_text) return Names();
    auto pid = strings::parse_int(*pid_text);
    if (!pid) return bad("LISTEN_PID is not a number: " + std::string(*pid_text));
    if (*pid != own_pid) return Names();
    auto count = strings::parse_int(env.get_or(env::Var::listen_fds, ""));
    if (!count || *count < 0 || *count > k_max_passed_sockets)
        return bad("LISTEN_FDS is not a number of sockets: " + env.get_or(env::Var::listen_fds, ""));
    if (*count == 0) return Names();
    std::vector<std::string> names(static_cast<std::size_t>(*count));
    if (auto given = env.get(env::Var::listen_fdnames)) {
        std::vector<std::string> words = split_names(*given);
        if (words.size() == names.size()) names = std::move(words);
    }
    return Names(std::move(names));
}

Result<Activation> plan_activation(const std::vector<PassedSocket>& sockets) {
    Activation plan;
    if (sockets.empty()) return plan;
    if (sockets.size() == 1 && !sockets[0].listening) {
        plan.kind = Activation::Kind::accepted;
        plan.job_fd = sockets[0].fd;
        return plan;
    }
    plan.kind = Activation::Kind::listening;
    for (const PassedSocket& s : sockets) {
        if (!s.listening) return bad("a connection was passed together with other sockets (Accept=yes passes one)");
        if (s.name == k_stats_socket_name) {
            if (plan.stats_fd >= 0) return bad("more than one socket is named \"stats\"");
            plan.stats_fd = s.fd;
        } else if (plan.job_fd < 0) {
            plan.job_fd = s.fd;
        } else {
            plan.more_job_fds.push_back(s.fd);
        }
    }
    if (plan.job_fd < 0) return bad("only a \"stats\" socket was passed, no job socket");
    return plan;
}

Result<Activation> take_activated_sockets(const env::Snapshot& env) {
    auto names = passed_socket_names(env, static_cast<long>(::getpid()));
    for (const char* name : {"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"}) ::unsetenv(name);
    if (!names) return std::move(names).error();
    if (!*names) return Activation();
    std::vector<PassedSocket> sockets;
    for (std::size_t i = 0; i < (*names)->size(); ++i) {
        auto socket = inspect(k_first_activated_fd + static_cast<int>(i), (**names)[i]);
        if (!socket) return std::move(socket).error();
        sockets.push_back(std::move(*socket));
    }
    auto plan = plan_activation(sockets);
    if (!plan) return plan;
    for (const PassedSocket& s : sockets) {
        DCC_TRY(io::set_cloexec(s.fd));
        if (s.listening) DCC_TRY(io::set_nonblocking(s.fd, true));
    }
    return plan;
}

Result<Mode> activated_mode(Mode requested, Activation& activation) {
    if (requested == Mode::inetd) activation = Activation();
    if (activation.kind == Activation::Kind::listening) return Mode::daemon;
    if (activation.kind != Activation::Kind::accepted) return requested;
    int fd = activation.job_fd;
    if (::dup2(fd, STDIN_FILENO) < 0 || ::dup2(fd, STDOUT_FILENO) < 0)
        return make_error(ExitCode::io_error,
                          strings::format("dup2 of the passed connection failed: %s", std::strerror(errno)));
    if (fd > STDERR_FILENO) ::close(fd);
    activation.job_fd = STDIN_FILENO;
    return Mode::inetd;
}

ListenSocket adopt_listen_socket(int fd) {
    PeerAddress local;
    local.length = sizeof local.storage;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local.storage), &local.length) != 0) local.length = 0;
    return ListenSocket{UniqueFd(fd), describe_peer(local) + " (passed by the service manager)"};
}

}  // namespace dcc::daemon
