// SPDX-License-Identifier: GPL-2.0-or-later
// The accept loop and the request workers.
#include "include_server/server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <typeinfo>

#include "common/io.hpp"
#include "common/strings.hpp"
#include "include_server/request.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::include_server {
namespace {

int automatic_threads() {
    unsigned cpus = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(cpus * 2, 4u, 8u));
}

}  // namespace

Server::Server(Analyzer& analyzer, Reporter& reporter, ServerSettings settings)
    : m_analyzer(analyzer), m_reporter(reporter), m_settings(settings) {}

Server::~Server() {
    stop_accepting();
    for (std::thread& t : m_workers)
        if (t.joinable()) t.detach();  // the process is about to exit; workers may be blocked on clients
}

Status Server::listen(const std::string& path) {
    sockaddr_un address{};
    if (path.size() >= sizeof address.sun_path)
        return make_error(ExitCode::bind_failed, "socket path too long: " + path);
    ::unlink(path.c_str());
    m_listen.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!m_listen) return make_error(ExitCode::bind_failed, std::string("socket: ") + std::strerror(errno));
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    if (::bind(m_listen.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return make_error(ExitCode::bind_failed, "cannot bind " + path + ": " + std::strerror(errno));
    // Only the owner may connect: requests make the server run compilers and write files.
    if (::chmod(path.c_str(), 0600) != 0)
        return make_error(ExitCode::bind_failed, "cannot chmod " + path + ": " + std::strerror(errno));
    if (::listen(m_listen.get(), m_settings.backlog) != 0)
        return make_error(ExitCode::bind_failed, "cannot listen on " + path + ": " + std::strerror(errno));
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return make_error(ExitCode::io_error, "pipe failed");
    m_wake_read.reset(fds[0]);
    m_wake_write.reset(fds[1]);
    return {};
}

void Server::stop_accepting() {
    m_stopping = true;
    m_queue_ready.notify_all();
}

void Server::serve_connection(int fd) {
    UniqueFd connection(fd);
    int64_t deadline = proto::monotonic_ms() + m_settings.read_timeout_ms;
    proto::BufferedFdSource source(fd, m_settings.read_timeout_ms, deadline);
    proto::FdSink sink(fd, m_settings.write_timeout_ms);
    auto request = read_server_request(source, request_limits());
    if (!request.ok()) {
        m_reporter.trace("Malformed request: " + request.error().message);
        (void)write_server_reply(sink, {});
        return;
    }
    Answer answer;
    std::string statistics;
    {
        std::unique_lock<std::timed_mutex> lock(m_analysis);
        if (m_stopping) {
            (void)write_server_reply(sink, {});
            return;
        }
        try {
            answer = m_analyzer.handle(request->cwd, request->argv);
        } catch (const std::exception& e) {
            // A bug: say what it was, answer "not covered" and stop like upstream.
            m_reporter.report(internal_error_report(std::string(typeid(e).name()) + ": " + e.what(),
                                                    m_analyzer.translation_unit()),
                              true, false);
            answer = Answer{{}, true};
        }
        if (m_settings.statistics) statistics = m_analyzer.take_statistics();
    }
    if (!statistics.empty()) (void)io::write_all(STDOUT_FILENO, statistics, 1000);
    (void)write_server_reply(sink, answer.paths);
    if (answer.terminate) {
        m_fatal = true;
        char byte = 'x';
        (void)!::write(m_wake_write.get(), &byte, 1);
    }
}

void Server::worker() {
    while (true) {
        int fd = -1;
        {
            std::unique_lock<std::mutex> lock(m_queue_mutex);
            m_queue_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;
            fd = m_queue.front();
            m_queue.pop_front();
        }
        serve_connection(fd);
    }
}

Server::Ending Server::serve(int signal_fd) {
    int threads = m_settings.threads > 0 ? m_settings.threads : automatic_threads();
    for (int i = 0; i < threads; ++i) m_workers.emplace_back([this] { worker(); });
    pollfd fds[3] = {{m_listen.get(), POLLIN, 0}, {signal_fd, POLLIN, 0}, {m_wake_read.get(), POLLIN, 0}};
    while (true) {
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents) {
            stop_accepting();
            return Ending::signal;
        }
        if (fds[2].revents && m_fatal) {
            stop_accepting();
            return Ending::fatal;
        }
        if (fds[0].revents & POLLIN) {
            int fd = ::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                // Out of descriptors: let the workers close some instead of spinning.
                if (errno == EMFILE || errno == ENFILE) ::usleep(10000);
                continue;
            }
            std::lock_guard<std::mutex> lock(m_queue_mutex);
            m_queue.push_back(fd);
            m_queue_ready.notify_one();
        }
    }
    stop_accepting();
    return Ending::fatal;
}

}  // namespace dcc::include_server
