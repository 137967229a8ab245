// SPDX-License-Identifier: GPL-2.0-or-later
// The accept-and-read loop and the request workers.
#include "include_server/server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <typeinfo>

#include "common/io.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::include_server {
namespace {

int automatic_threads() {
    unsigned cpus = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(cpus * 2, 4u, 8u));
}

// More than any request within request_limits() can take.
constexpr std::size_t k_max_request_bytes = std::size_t(6) << 20;

}  // namespace

// A connection whose request is still arriving.
struct Server::Pending {
    int fd;
    int64_t deadline_ms;
    std::string bytes;
};

Server::Server(Analyzer& analyzer, Reporter& reporter, ServerSettings settings)
    : m_analyzer(analyzer), m_reporter(reporter), m_settings(settings) {}

Server::~Server() {
    stop_accepting();
    for (std::thread& t : m_workers)
        if (t.joinable()) t.detach();  // the process is about to exit; a worker may be writing to a client
}

Status Server::listen(const std::string& path) {
    sockaddr_un address{};
    if (path.size() >= sizeof address.sun_path)
        return make_error(ExitCode::bind_failed, "socket path too long: " + path);
    ::unlink(path.c_str());
    m_listen.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
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

void Server::push_job(Job job) {
    m_in_flight.fetch_add(1, std::memory_order_acq_rel);
    {
        std::lock_guard<std::mutex> lock(m_queue_mutex);
        m_queue.push_back(std::move(job));
    }
    m_queue_ready.notify_one();  // after unlocking: the woken worker need not wait for the mutex
}

void Server::enqueue(int fd, Result<ServerRequest> request) { push_job(Job{fd, std::move(request), {}}); }

std::string Server::answer(const Result<ServerRequest>& request) {
    proto::MemorySink reply;
    if (!request.ok()) {
        m_reporter.trace("Malformed request: " + request.error().message);
        (void)write_server_reply(reply, {});
        return reply.data();
    }
    Answer answer;
    std::string statistics;
    std::shared_lock<std::shared_timed_mutex> writing(m_copies, std::defer_lock);
    {
        std::unique_lock<std::timed_mutex> lock(m_analysis);
        if (m_stopping) {
            (void)write_server_reply(reply, {});
            return reply.data();
        }
        try {
            answer = m_analyzer.handle(request->cwd, request->argv);
        } catch (const std::exception& e) {
            // A bug: say what it was, answer "not covered" and stop like upstream.
            m_reporter.report(internal_error_report(std::string(typeid(e).name()) + ": " + e.what(),
                                                    m_analyzer.translation_unit()),
                              true, false);
            answer = Answer{};
            answer.terminate = true;
        }
        if (m_settings.statistics) statistics = m_analyzer.take_statistics();
        writing.lock();
    }
    m_analyzer.write_copies(answer);
    writing.unlock();
    if (!statistics.empty()) (void)io::write_all(STDOUT_FILENO, statistics, 1000);
    (void)write_server_reply(reply, answer.paths);
    if (answer.terminate) {
        // The main loop stops at its next poll, after this reply is on its way.
        m_fatal = true;
        char byte = 'x';
        (void)!::write(m_wake_write.get(), &byte, 1);
    }
    return reply.data();
}

void Server::serve_job(Job job) {
    UniqueFd connection(job.fd);
    std::string reply = job.unsent.empty() ? answer(job.request) : std::move(job.unsent);
    (void)io::write_all(job.fd, reply, m_settings.write_timeout_ms);
}

void Server::answer_inline(int fd, const Result<ServerRequest>& request) {
    std::string reply = answer(request);
    std::size_t sent = 0;
    while (sent < reply.size()) {
        ssize_t n = ::write(fd, reply.data() + sent, reply.size() - sent);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            // The client reads slowly: a worker waits for it with the write timeout, not
            // the main thread.
            push_job(Job{fd, make_error(ExitCode::protocol_error, "answered"), reply.substr(sent)});
            return;
        }
        break;  // the client went away
    }
    ::close(fd);
}

void Server::worker() {
    while (true) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_queue_mutex);
            m_queue_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        serve_job(std::move(job));
        m_in_flight.fetch_sub(1, std::memory_order_acq_rel);
    }
}

void Server::accept_connections(std::vector<Pending>& pending) {
    // An idle server most likely has one client asking at a time: take its
    // connection and answer it; poll shows at once whether another is waiting,
    // without a second accept that fails.
    const bool just_one = pending.empty() && idle();
    while (true) {
        int fd = ::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            pending.push_back(Pending{fd, proto::monotonic_ms() + m_settings.read_timeout_ms, {}});
            if (just_one) return;
            continue;
        }
        // Out of descriptors: let the workers close some instead of spinning.
        if (errno == EMFILE || errno == ENFILE) ::usleep(10000);
        return;
    }
}

// Read what arrived; a complete, malformed, abandoned or overdue request leaves
// `pending` for the workers.
void Server::read_pending(std::vector<Pending>& pending, const std::vector<short>& revents) {
    int64_t now = proto::monotonic_ms();
    std::vector<Pending> still;
    for (std::size_t i = 0; i < pending.size(); ++i) {
        Pending& p = pending[i];
        bool closed = false;
        if (revents[i]) {
            char buffer[16384];
            while (true) {
                ssize_t n = ::read(p.fd, buffer, sizeof buffer);
                if (n > 0) {
                    p.bytes.append(buffer, static_cast<std::size_t>(n));
                    // A short read took all there was: parse it before asking again.
                    if (p.bytes.size() > k_max_request_bytes || std::size_t(n) < sizeof buffer) break;
                    continue;
                }
                closed = n == 0 || (errno != EAGAIN && errno != EINTR);
                break;
            }
        }
        proto::MemorySource source(p.bytes);
        auto request = read_server_request(source, request_limits());
        bool incomplete = !request.ok() && request.error().code == ExitCode::truncated;
        if (incomplete && !closed && now < p.deadline_ms && p.bytes.size() <= k_max_request_bytes) {
            still.push_back(std::move(p));
            continue;
        }
        // The descriptor stays non-blocking: the worker's writes wait in poll with
        // the write timeout (io::write_all), so a client that stops reading cannot
        // hold a worker past it -- and a warm request costs one system call less.
        // The only request on an idle server is answered here (see server.hpp).
        if (pending.size() == 1 && idle())
            answer_inline(p.fd, request);
        else
            enqueue(p.fd, std::move(request));
    }
    pending = std::move(still);
}

Server::Ending Server::serve(int signal_fd) {
    int threads = m_settings.threads > 0 ? m_settings.threads : automatic_threads();
    for (int i = 0; i < threads; ++i) m_workers.emplace_back([this] { worker(); });
    std::vector<Pending> pending;
    std::vector<pollfd> fds;
    while (true) {
        fds.assign({{m_listen.get(), POLLIN, 0}, {signal_fd, POLLIN, 0}, {m_wake_read.get(), POLLIN, 0}});
        int64_t next_deadline = -1;
        for (const Pending& p : pending) {
            fds.push_back({p.fd, POLLIN, 0});
            if (next_deadline < 0 || p.deadline_ms < next_deadline) next_deadline = p.deadline_ms;
        }
        int timeout = next_deadline < 0 ? -1 : int(std::max<int64_t>(0, next_deadline - proto::monotonic_ms()));
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) break;
        if (fds[1].revents) {
            stop_accepting();
            return Ending::signal;
        }
        if (fds[2].revents && m_fatal) {
            stop_accepting();
            return Ending::fatal;
        }
        std::vector<short> revents;
        for (std::size_t i = 3; i < fds.size(); ++i) revents.push_back(fds[i].revents);
        // A client sends its request as soon as it connects: read new connections
        // right away rather than after another poll.
        if (fds[0].revents & POLLIN) accept_connections(pending);
        revents.resize(pending.size(), POLLIN);
        read_pending(pending, revents);
    }
    stop_accepting();
    return Ending::fatal;
}

}  // namespace dcc::include_server
