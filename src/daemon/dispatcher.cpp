// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dispatcher.hpp (upstream dcc_standalone_server, dcc_create_kids,
// dcc_preforking_parent and the statistics server of stats.c).
#include "daemon/dispatcher.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/exec.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "daemon/channel.hpp"
#include "daemon/worker.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {
namespace {

// epoll tags: the kind in the high half, a descriptor or worker slot in the low half.
enum class Tag : uint64_t { job_listen = 1, stats_listen = 2, signals = 3, worker = 4, client = 5 };

uint64_t tag(Tag kind, uint64_t value = 0) { return (static_cast<uint64_t>(kind) << 32) | value; }
Tag kind_of(uint64_t data) { return static_cast<Tag>(data >> 32); }
uint64_t value_of(uint64_t data) { return data & 0xffffffffu; }

constexpr int k_max_parked = 1000;
constexpr int k_accepts_per_wakeup = 64;
constexpr int k_stats_timeout_ms = 5000;
constexpr int k_stats_tick_ms = 1000;

int g_signal_pipe = -1;

void on_async_signal(int sig) {
    int saved = errno;
    char byte = sig == SIGHUP ? 'H' : 'C';
    (void)!::write(g_signal_pipe, &byte, 1);
    errno = saved;
}

void install_async_handler(int sig) {
    struct sigaction sa{};
    sa.sa_handler = on_async_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(sig, &sa, nullptr);
}

double now_sec() { return static_cast<double>(proto::monotonic_ms()) / 1000.0; }

Status epoll_add(int epoll, int fd, uint32_t events, uint64_t data) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = data;
    if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
        return make_error(ExitCode::distcc_failed, strings::format("epoll_ctl failed: %s", std::strerror(errno)));
    return {};
}

}  // namespace

Dispatcher::Dispatcher(DispatcherSettings settings, ListenSocket job_socket, std::optional<ListenSocket> stats_socket,
                       JobServer& jobs)
    : m_settings(std::move(settings)),
      m_job_socket(std::move(job_socket)),
      m_stats_socket(std::move(stats_socket)),
      m_jobs(jobs),
      m_stats(m_settings.jobs),
      m_sampler(m_settings.tmpdir) {}

Status Dispatcher::setup() {
    m_epoll.reset(::epoll_create1(EPOLL_CLOEXEC));
    int pipe_fds[2];
    if (!m_epoll || ::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return make_error(ExitCode::distcc_failed, strings::format("epoll/pipe setup failed: %s", std::strerror(errno)));
    m_signal_read.reset(pipe_fds[0]);
    m_signal_write.reset(pipe_fds[1]);
    g_signal_pipe = m_signal_write.get();
    install_async_handler(SIGCHLD);
    install_async_handler(SIGHUP);
    DCC_TRY(epoll_add(m_epoll.get(), m_signal_read.get(), EPOLLIN, tag(Tag::signals)));
    DCC_TRY(epoll_add(m_epoll.get(), m_job_socket.fd.get(), EPOLLIN, tag(Tag::job_listen)));
    if (m_stats_socket) DCC_TRY(epoll_add(m_epoll.get(), m_stats_socket->fd.get(), EPOLLIN, tag(Tag::stats_listen)));
    m_workers.resize(static_cast<std::size_t>(m_settings.jobs));
    for (std::size_t slot = 0; slot < m_workers.size(); ++slot) DCC_TRY(spawn_worker(slot));
    return {};
}

// In a new worker: drop every descriptor of the dispatcher but the worker's own
// channel, so no client connection stays open through a process that does not serve it.
void Dispatcher::close_inherited_fds(int keep_channel) const {
    for (int fd : {m_epoll.get(), m_signal_read.get(), m_signal_write.get(), m_job_socket.fd.get()}) ::close(fd);
    if (m_stats_socket) ::close(m_stats_socket->fd.get());
    for (const Worker& w : m_workers)
        if (w.channel.valid() && w.channel.get() != keep_channel) ::close(w.channel.get());
    for (const auto& [fd, client] : m_parked) ::close(fd);
    for (const auto& [fd, peer] : m_ready) ::close(fd.get());
}

Status Dispatcher::spawn_worker(std::size_t slot) {
    auto channel = make_channel();
    if (!channel) return std::move(channel).error();
    sigset_t all, previous;
    sigfillset(&all);
    ::sigprocmask(SIG_BLOCK, &all, &previous);
    pid_t pid = ::fork();
    if (pid == 0) {
        close_inherited_fds(-1);
        ::close(channel->first.get());
        int worker_channel = channel->second.get();
        install_job_signal_handlers();
        ::sigprocmask(SIG_SETMASK, &previous, nullptr);
        run_worker(worker_channel, m_jobs);
    }
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0) return make_error(ExitCode::distcc_failed, strings::format("fork failed: %s", std::strerror(errno)));
    Worker& w = m_workers[slot];
    w = Worker{};
    w.pid = pid;
    w.channel = std::move(channel->first);
    DCC_TRY(epoll_add(m_epoll.get(), w.channel.get(), EPOLLIN, tag(Tag::worker, slot)));
    m_idle.push_back(slot);
    return {};
}

void Dispatcher::reap_workers() {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
        auto it = std::find_if(m_workers.begin(), m_workers.end(), [pid](const Worker& w) { return w.pid == pid; });
        if (it == m_workers.end()) continue;
        std::size_t slot = static_cast<std::size_t>(it - m_workers.begin());
        if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM)
            DCC_ERROR("child %d: %s", static_cast<int>(pid), exec::describe_status(status).c_str());
        else
            DCC_INFO("child %d: %s", static_cast<int>(pid), exec::describe_status(status).c_str());
        m_idle.erase(std::remove(m_idle.begin(), m_idle.end(), slot), m_idle.end());
        it->channel.reset();
        it->pid = -1;
        if (Status spawned = spawn_worker(slot); !spawned) DCC_ERROR("%s", spawned.error().message.c_str());
    }
    dispatch_ready();
}

void Dispatcher::on_signal_pipe() {
    char bytes[64];
    ssize_t n;
    bool hangup = false, child = false;
    while ((n = ::read(m_signal_read.get(), bytes, sizeof bytes)) > 0)
        for (ssize_t i = 0; i < n; ++i) (bytes[i] == 'H' ? hangup : child) = true;
    if (hangup) {
        log::reopen();
        DCC_INFO("SIGHUP: log file reopened");
        WorkOrder order;
        order.kind = WorkOrder::Kind::reopen_log;
        for (const Worker& w : m_workers)
            if (w.channel.valid()) (void)send_record(w.channel.get(), &order, sizeof order, -1);
    }
    if (child) reap_workers();
}

Dispatcher::Readiness Dispatcher::readiness(int fd) {
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return Readiness::has_data;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return Readiness::silent;
    return Readiness::closed;
}

void Dispatcher::on_listen(int listen_fd, bool stats) {
    for (int i = 0; i < k_accepts_per_wakeup; ++i) {
        PeerAddress peer;
        peer.length = sizeof peer.storage;
        int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer.storage), &peer.length,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                DCC_ERROR("accept failed: %s", std::strerror(errno));
                // Out of descriptors: make room by dropping the longest-silent connection.
                if ((errno == EMFILE || errno == ENFILE) && !m_deadlines.empty()) {
                    m_parked.erase(m_deadlines.begin()->second);
                    m_deadlines.erase(m_deadlines.begin());
                    continue;
                }
            }
            return;
        }
        if (!stats) m_stats.record_accept();
        admit(UniqueFd(fd), peer, stats);
    }
}

void Dispatcher::admit(UniqueFd fd, const PeerAddress& peer, bool stats) {
    if (check_peer(m_settings.allow, peer.get(), peer.length) == PeerVerdict::denied) {
        DCC_ERROR("connection from client '%s' denied by access list", describe_peer(peer).c_str());
        return;
    }
    switch (readiness(fd.get())) {
    case Readiness::closed: return;
    case Readiness::silent: park(std::move(fd), peer, stats); return;
    case Readiness::has_data:
        if (stats)
            serve_stats(std::move(fd));
        else
            enqueue(std::move(fd), peer);
        return;
    }
}

void Dispatcher::park(UniqueFd fd, const PeerAddress& peer, bool stats) {
    if (m_parked.size() >= static_cast<std::size_t>(k_max_parked)) {
        // Evict the connection that has been silent longest.
        m_parked.erase(m_deadlines.begin()->second);
        m_deadlines.erase(m_deadlines.begin());
    }
    int raw = fd.get();
    if (!epoll_add(m_epoll.get(), raw, EPOLLIN | EPOLLRDHUP, tag(Tag::client, static_cast<uint64_t>(raw))))
        return;
    int timeout = stats ? k_stats_timeout_ms : m_settings.idle_timeout_ms;
    auto deadline = m_deadlines.emplace(proto::monotonic_ms() + timeout, raw);
    m_parked.emplace(raw, Client{std::move(fd), peer, stats, deadline});
}

void Dispatcher::on_client(int fd) {
    auto it = m_parked.find(fd);
    if (it == m_parked.end()) return;
    Client client = std::move(it->second);
    m_parked.erase(it);
    m_deadlines.erase(client.deadline);
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    if (readiness(fd) != Readiness::has_data) return;  // closed without a word
    if (client.stats)
        serve_stats(std::move(client.fd));
    else
        enqueue(std::move(client.fd), client.peer);
}

void Dispatcher::expire_parked() {
    int64_t now = proto::monotonic_ms();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        int fd = m_deadlines.begin()->second;
        auto it = m_parked.find(fd);
        if (it != m_parked.end()) {
            DCC_INFO("client %s sent nothing for %d s; closing", describe_peer(it->second.peer).c_str(),
                     (it->second.stats ? k_stats_timeout_ms : m_settings.idle_timeout_ms) / 1000);
            m_parked.erase(it);
        }
        m_deadlines.erase(m_deadlines.begin());
    }
}

void Dispatcher::enqueue(UniqueFd fd, const PeerAddress& peer) {
    m_ready.emplace_back(std::move(fd), peer);
    dispatch_ready();
}

void Dispatcher::dispatch_ready() {
    while (!m_ready.empty() && !m_idle.empty()) {
        std::size_t slot = m_idle.back();
        m_idle.pop_back();
        Worker& w = m_workers[slot];
        auto& [fd, peer] = m_ready.front();
        WorkOrder order;
        order.peer = peer;
        if (Status sent = send_record(w.channel.get(), &order, sizeof order, fd.get()); !sent) {
            DCC_ERROR("cannot hand a job to child %d: %s", static_cast<int>(w.pid), sent.error().message.c_str());
            continue;  // that worker is gone; reaping replaces it, the client stays queued
        }
        w.busy = true;
        m_ready.pop_front();
    }
}

void Dispatcher::on_worker(std::size_t slot, uint32_t events) {
    Worker& w = m_workers[slot];
    if (!w.channel.valid()) return;
    JobReport report;
    auto received = (events & EPOLLIN) ? receive_record(w.channel.get(), &report, sizeof report, nullptr)
                                       : Result<bool>(false);
    if (!received || !*received) {
        // The worker is gone; SIGCHLD will reap and replace it.
        ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, w.channel.get(), nullptr);
        m_idle.erase(std::remove(m_idle.begin(), m_idle.end(), slot), m_idle.end());
        w.busy = false;
        return;
    }
    double end = now_sec();
    m_stats.record_job(outcome_of(report), end - static_cast<double>(report.elapsed_ms) / 1000.0, end);
    w.busy = false;
    w.retiring = report.retiring;
    if (!w.retiring) m_idle.push_back(slot);
    dispatch_ready();
}

void Dispatcher::serve_stats(UniqueFd fd) {
    char request[1024];
    (void)!::read(fd.get(), request, sizeof request);  // the request itself is ignored
    double now = now_sec();
    std::string report = m_stats.render(m_sampler.sample(now), now);
    if (Status sent = io::write_all(fd.get(), report, 1000); !sent) DCC_INFO("stats: %s", sent.error().message.c_str());
    ::shutdown(fd.get(), SHUT_WR);
}

int Dispatcher::next_timeout_ms() const {
    int timeout = m_stats_socket ? k_stats_tick_ms : -1;
    if (!m_deadlines.empty()) {
        int64_t left = std::max<int64_t>(0, m_deadlines.begin()->first - proto::monotonic_ms());
        if (timeout < 0 || left < timeout) timeout = static_cast<int>(std::min<int64_t>(left, INT32_MAX));
    }
    return timeout;
}

Status Dispatcher::run() {
    DCC_TRY(setup());
    epoll_event events[64];
    while (true) {
        int n = ::epoll_wait(m_epoll.get(), events, 64, next_timeout_ms());
        if (n < 0 && errno != EINTR)
            return make_error(ExitCode::distcc_failed, strings::format("epoll_wait failed: %s", std::strerror(errno)));
        for (int i = 0; i < n; ++i) {
            uint64_t data = events[i].data.u64;
            switch (kind_of(data)) {
            case Tag::job_listen: on_listen(m_job_socket.fd.get(), false); break;
            case Tag::stats_listen: on_listen(m_stats_socket->fd.get(), true); break;
            case Tag::signals: on_signal_pipe(); break;
            case Tag::worker: on_worker(static_cast<std::size_t>(value_of(data)), events[i].events); break;
            case Tag::client: on_client(static_cast<int>(value_of(data))); break;
            }
        }
        expire_parked();
        if (m_stats_socket) m_stats.tick(now_sec());
    }
}

}  // namespace dcc::daemon
