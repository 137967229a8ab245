// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dispatcher.hpp (upstream dcc_standalone_server, dcc_create_kids,
// dcc_preforking_parent and the statistics server of stats.c).
#include "daemon/dispatcher.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "daemon/channel.hpp"
#include "daemon/worker.hpp"
#include "proto/buffered_source.hpp"
#include "proto/load_report.hpp"

namespace dcc::daemon {
namespace {

// The port a listening socket is bound to (IPv4 or IPv6); 0 if unknown.
int local_port(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return 0;
}

// epoll tags: the kind in the high half, a descriptor or worker slot in the low half.
enum class Tag : uint64_t {
    stats_listen = 1,
    signals = 2,
    worker = 3,
    parked = 4,
    job_listen = 5,
    intake = 6,
    auth_intake = 7
};

uint64_t tag(Tag kind, uint64_t value = 0) { return (static_cast<uint64_t>(kind) << 32) | value; }
Tag kind_of(uint64_t data) { return static_cast<Tag>(data >> 32); }
uint64_t value_of(uint64_t data) { return data & 0xffffffffu; }

// A worker channel's event names its slot (--jobs <= 4096) and the slot's channel
// generation, so an event of a channel replaced earlier in the same batch is known
// as stale without a system call.
uint64_t worker_value(std::size_t slot, uint32_t generation) { return (uint64_t{generation & 0xffffu} << 16) | slot; }

constexpr std::size_t k_max_parked = 1000;
constexpr int k_max_accepts_per_event = 64;
// A statistics client that sent nothing yet is answered after this long, as 3.4 answers
// any connection (doc/daemon.md §13).
constexpr int k_stats_wait_ms = 200;
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

double now_sec() { return clock::monotonic_seconds(); }

Status epoll_add(int epoll, int fd, uint32_t events, uint64_t data) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = data;
    if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
        return make_error(ExitCode::distcc_failed, strings::format("epoll_ctl failed: %s", std::strerror(errno)));
    return {};
}

}  // namespace

Dispatcher::Dispatcher(DispatcherSettings settings, std::vector<ListenSocket> job_sockets,
                       std::optional<ListenSocket> stats_socket, JobServer& jobs)
    : m_settings(std::move(settings)),
      m_job_sockets(std::move(job_sockets)),
      m_stats_socket(std::move(stats_socket)),
      m_jobs(jobs),
      m_stats(m_settings.jobs),
      m_sampler(m_settings.tmpdir),
      m_intake(m_settings.intake),
      m_pool(static_cast<std::size_t>(m_settings.jobs)) {
    if (m_settings.acceptor) {
        AuthIntakeSettings auth;
        auth.idle_timeout_ms = m_settings.intake.idle_timeout_ms;
        auth.request_timeout_ms = m_settings.intake.request_timeout_ms;
        auth.max_connections = m_settings.intake.max_connections;
        m_auth_intake.emplace(*m_settings.acceptor, auth);
    }
}

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
    if (m_stats_socket) DCC_TRY(epoll_add(m_epoll.get(), m_stats_socket->fd.get(), EPOLLIN, tag(Tag::stats_listen)));
    for (std::size_t index = 0; index < m_job_sockets.size(); ++index) {
        int fd = m_job_sockets[index].fd.get();
        int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
            return make_error(ExitCode::distcc_failed, strings::format("fcntl failed: %s", std::strerror(errno)));
        DCC_TRY(epoll_add(m_epoll.get(), fd, EPOLLIN, tag(Tag::job_listen, index)));
    }
    m_workers.resize(static_cast<std::size_t>(m_settings.jobs));
    for (std::size_t slot = 0; slot < m_workers.size(); ++slot) DCC_TRY(spawn_worker(slot));
    return {};
}

// In a new worker: drop every descriptor of the dispatcher, so no connection stays
// open through a process that does not serve it.
void Dispatcher::close_inherited_fds() const {
    for (int fd : {m_epoll.get(), m_signal_read.get(), m_signal_write.get()}) ::close(fd);
    for (const ListenSocket& socket : m_job_sockets) ::close(socket.fd.get());
    if (m_stats_socket) ::close(m_stats_socket->fd.get());
    for (const Worker& w : m_workers)
        if (w.channel.valid()) ::close(w.channel.get());
    for (const auto& [fd, parked] : m_parked) ::close(fd);
    m_intake.close_descriptors_in_child();
    if (m_auth_intake) m_auth_intake->close_descriptors_in_child();
    for (const Pending& p : m_pending) {
        ::close(p.client.get());
        if (p.spool) ::close(p.spool.get());
    }
}

Status Dispatcher::spawn_worker(std::size_t slot) {
    auto channel = make_channel();
    if (!channel) return std::move(channel).error();
    sigset_t all, previous;
    sigfillset(&all);
    ::sigprocmask(SIG_BLOCK, &all, &previous);
    pid_t pid = ::fork();
    if (pid == 0) {
        close_inherited_fds();
        ::close(channel->first.get());
        WorkerSetup setup{channel->second.get(), m_settings.oom_score_adj, m_stats_socket.has_value()};
        install_job_signal_handlers();
        ::sigprocmask(SIG_SETMASK, &previous, nullptr);
        run_worker(setup, m_jobs);
    }
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0) return make_error(ExitCode::distcc_failed, strings::format("fork failed: %s", std::strerror(errno)));
    Worker& w = m_workers[slot];
    w.pid = pid;
    w.channel = std::move(channel->first);
    ++w.generation;
    m_pool.started(slot);
    return epoll_add(m_epoll.get(), w.channel.get(), EPOLLIN, tag(Tag::worker, worker_value(slot, w.generation)));
}

void Dispatcher::reap_workers() {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
        std::size_t slot = 0;
        while (slot < m_workers.size() && m_workers[slot].pid != pid) ++slot;
        if (slot == m_workers.size()) continue;
        if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM)
            DCC_ERROR("child %d: %s", static_cast<int>(pid), exec::describe_status(status).c_str());
        else
            DCC_INFO("child %d: %s", static_cast<int>(pid), exec::describe_status(status).c_str());
        m_workers[slot].channel.reset();
        m_workers[slot].pid = -1;
        m_pool.lost(slot);
        if (Status spawned = spawn_worker(slot); !spawned) DCC_ERROR("%s", spawned.error().message.c_str());
    }
    dispatch();
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

void Dispatcher::on_worker(uint64_t value, uint32_t events) {
    std::size_t slot = static_cast<std::size_t>(value & 0xffffu);
    if (slot >= m_workers.size()) return;
    Worker& w = m_workers[slot];
    // An event of the channel of a worker that was replaced earlier in the same batch
    // of events (a retiring worker reaped on SIGCHLD) is stale: the new channel has
    // nothing to read, and the blocking recvmsg would hang the dispatcher for good.
    if (!w.channel.valid() || value != worker_value(slot, w.generation)) return;
    JobReport report;
    auto received = (events & EPOLLIN) ? receive_record(w.channel.get(), &report, sizeof report, nullptr)
                                       : Result<bool>(false);
    if (!received || !*received) {
        // The worker is gone; SIGCHLD reaps and replaces it.
        ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, w.channel.get(), nullptr);
        m_pool.lost(slot);
        return;
    }
    m_pool.reported(slot, report.retiring);
    if (m_stats_socket) {
        m_metrics.record_bytes(report.bytes_received, report.bytes_sent);
        if (report.kind == JobReport::Kind::outcome) {
            double end = now_sec();
            JobOutcome outcome = outcome_of(report);
            m_stats.record_job(outcome, end - static_cast<double>(report.elapsed_ms) / 1000.0, end);
            m_metrics.record_job(static_cast<double>(report.elapsed_ms) / 1000.0);
            if (!outcome.refusal.empty()) m_metrics.record_refusal(outcome.refusal);
        }
    }
    dispatch();
}

// Accept what is waiting (the socket is non-blocking), check the access list before
// reading a byte, and start receiving the request (with --auth: the handshake).
void Dispatcher::on_job_listen(std::size_t index) {
    int listen_fd = m_job_sockets[index].fd.get();
    for (int i = 0; i < k_max_accepts_per_event; ++i) {
        PeerAddress peer;
        peer.length = sizeof peer.storage;
        int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer.storage), &peer.length,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
                DCC_ERROR("accept failed: %s", std::strerror(errno));
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return;
        }
        UniqueFd client(fd);
        m_stats.record_accept();
        if (check_peer(m_settings.allow, peer.get(), peer.length) == PeerVerdict::denied) {
            DCC_ERROR("connection from client '%s' denied by access list", describe_peer(peer).c_str());
            count_refusal(k_refused_by_access_list);
            continue;
        }
        if (m_pending.size() >= m_settings.intake.max_connections) {
            // Every worker is busy and as many complete requests wait already.
            DCC_WARNING("%zu requests wait for a worker; closing the connection from %s", m_pending.size(),
                        describe_peer(peer).c_str());
            count_refusal(k_refused_max_pending);
            continue;
        }
        if (m_auth_intake) {
            if (!epoll_add(m_epoll.get(), fd, EPOLLIN | EPOLLRDHUP, tag(Tag::auth_intake, static_cast<uint64_t>(fd))))
                continue;
            m_auth_intake->admit(std::move(client), peer, clock::monotonic_ms());
            continue;
        }
        start_intake(std::move(client), peer);
    }
}

void Dispatcher::start_intake(UniqueFd client, const PeerAddress& peer) {
    int fd = client.get();
    if (!epoll_add(m_epoll.get(), fd, EPOLLIN | EPOLLRDHUP, tag(Tag::intake, static_cast<uint64_t>(fd)))) return;
    m_intake.admit(std::move(client), peer, clock::monotonic_ms());
    // Bytes of the request may have come with the end of the handshake: the
    // registration above reports them, as it does for any readable socket.
}

// The handshake went on; once the client is admitted its connection continues as a
// plain one (doc/security.md §1): the request is received before a worker is taken.
void Dispatcher::on_auth_intake(int fd) {
    if (m_auth_intake->on_readable(fd, clock::monotonic_ms()) != AuthIntake::Progress::authenticated) return;
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    auto done = m_auth_intake->take(fd);
    if (!done) return;
    DCC_INFO("client %s authenticated as %s", describe_peer(done->peer).c_str(), done->principal.c_str());
    start_intake(std::move(done->client), done->peer);
}

void Dispatcher::on_intake(int fd) {
    if (m_intake.on_readable(fd, clock::monotonic_ms()) != Intake::Progress::ready) return;
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    auto ready = m_intake.take(fd);
    if (!ready) return;
    if (m_stats_socket)
        m_metrics.record_receive(static_cast<double>(clock::monotonic_ms() - ready->accepted_ms) / 1000.0);
    m_pending.push_back(Pending{std::move(ready->client), std::move(ready->spool), ready->peer, now_sec()});
    dispatch();
}

// Give waiting connections to idle workers, oldest first.
void Dispatcher::dispatch() {
    while (!m_pending.empty()) {
        auto slot = m_pool.idle_slot();
        if (!slot) return;
        Worker& w = m_workers[*slot];
        Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        WorkOrder order;
        order.peer = p.peer;
        order.spooled = p.spool.valid();
        if (Status sent = send_record(w.channel.get(), &order, sizeof order, p.client.get(), p.spool.get()); !sent) {
            DCC_ERROR("cannot hand the connection from %s to a worker: %s", describe_peer(p.peer).c_str(),
                      sent.error().message.c_str());
            m_pool.lost(*slot);  // its channel is broken: SIGCHLD brings a successor
            continue;
        }
        m_pool.assigned(*slot);
        if (m_stats_socket) m_metrics.record_queue_wait(now_sec() - p.ready_sec);
    }
}

void Dispatcher::on_stats_listen() {
    PeerAddress peer;
    peer.length = sizeof peer.storage;
    int fd = ::accept4(m_stats_socket->fd.get(), reinterpret_cast<sockaddr*>(&peer.storage), &peer.length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    UniqueFd client(fd);
    if (check_peer(m_settings.allow, peer.get(), peer.length) == PeerVerdict::denied) {
        DCC_ERROR("connection from client '%s' denied by access list", describe_peer(peer).c_str());
        return;
    }
    // Answer once the request arrived, so that closing never resets unread bytes
    // (a client that sends nothing is answered after k_stats_wait_ms).
    if (client_readiness(fd) == Readiness::silent)
        park(std::move(client), peer);
    else
        serve_stats(std::move(client));
}

void Dispatcher::evict_oldest() {
    m_parked.erase(m_deadlines.begin()->second);
    m_deadlines.erase(m_deadlines.begin());
}

// A statistics client that has not sent its request yet waits here.
void Dispatcher::park(UniqueFd fd, const PeerAddress& peer) {
    if (m_parked.size() >= k_max_parked) evict_oldest();  // the longest-silent goes first
    int raw = fd.get();
    if (!epoll_add(m_epoll.get(), raw, EPOLLIN | EPOLLRDHUP, tag(Tag::parked, static_cast<uint64_t>(raw)))) return;
    auto deadline = m_deadlines.emplace(clock::monotonic_ms() + k_stats_wait_ms, raw);
    m_parked.emplace(raw, Parked{std::move(fd), peer, deadline});
}

void Dispatcher::on_parked(int fd) {
    auto it = m_parked.find(fd);
    if (it == m_parked.end()) return;
    Parked parked = std::move(it->second);
    m_parked.erase(it);
    m_deadlines.erase(parked.deadline);
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    serve_stats(std::move(parked.fd));
}

void Dispatcher::expire_parked() {
    int64_t now = clock::monotonic_ms();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        int fd = m_deadlines.begin()->second;
        if (m_parked.count(fd) == 0)
            m_deadlines.erase(m_deadlines.begin());
        else
            on_parked(fd);  // it sent nothing: 3.4's page, as for any request
    }
}

void Dispatcher::count_refusal(const char* reason, uint64_t count) {
    if (m_stats_socket && count > 0) m_metrics.record_refusal(reason, count);
}

// `GET /load` (doc/daemon.md §13.2): what a client needs to choose among hosts.
std::string Dispatcher::load_reply(double now) {
    proto::LoadReport load;
    if (!m_job_sockets.empty()) load.port = local_port(m_job_sockets.front().fd.get());
    load.slots = m_settings.jobs;
    load.running = static_cast<int>(m_pool.busy());
    load.queued = static_cast<int>(m_pending.size());
    load.load1 = m_sampler.sample(now).load[0];
    long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    load.cpus = cpus > 0 ? static_cast<int>(cpus) : 0;
    std::string body = proto::render_load_report(load);
    return strings::format(
               "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
               "Connection: close\r\n\r\n",
               body.size()) +
           body;
}

void Dispatcher::serve_stats(UniqueFd fd) {
    char request[1024];
    ssize_t got = ::read(fd.get(), request, sizeof request);
    // Only `GET /metrics` is told apart; any other request gets 3.4's page, as 3.4
    // ignores the request.
    std::string_view text(request, got > 0 ? static_cast<std::size_t>(got) : 0);
    double now = now_sec();
    std::string report;
    if (proto::is_load_request(text)) {
        report = load_reply(now);
    } else if (page_for_request(text) == StatsPage::prometheus) {
        LiveGauges live{m_pool.busy(), m_pending.size(), m_intake.size() + (m_auth_intake ? m_auth_intake->size() : 0)};
        report = prometheus_reply(m_metrics.render(m_stats.snapshot(now), m_sampler.sample(now), live));
    } else {
        report = m_stats.render(m_sampler.sample(now), now);
    }
    if (Status sent = io::write_all(fd.get(), report, 1000); !sent) DCC_INFO("stats: %s", sent.error().message.c_str());
    ::shutdown(fd.get(), SHUT_WR);
}

int Dispatcher::next_timeout_ms() const {
    int timeout = m_stats_socket ? k_stats_tick_ms : -1;
    int64_t now = clock::monotonic_ms();
    auto consider = [&](int64_t at) {
        if (at < 0) return;
        int64_t left = std::max<int64_t>(0, at - now);
        if (timeout < 0 || left < timeout) timeout = static_cast<int>(std::min<int64_t>(left, INT32_MAX));
    };
    if (!m_deadlines.empty()) consider(m_deadlines.begin()->first);
    consider(m_intake.next_check_ms());
    if (m_auth_intake) consider(m_auth_intake->next_check_ms());
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
            case Tag::stats_listen: on_stats_listen(); break;
            case Tag::signals: on_signal_pipe(); break;
            case Tag::worker: on_worker(value_of(data), events[i].events); break;
            case Tag::parked: on_parked(static_cast<int>(value_of(data))); break;
            case Tag::job_listen: on_job_listen(static_cast<std::size_t>(value_of(data))); break;
            case Tag::intake: on_intake(static_cast<int>(value_of(data))); break;
            case Tag::auth_intake: on_auth_intake(static_cast<int>(value_of(data))); break;
            }
        }
        expire_parked();
        count_refusal(k_refused_intake_timeout, m_intake.expire(clock::monotonic_ms()));
        if (m_auth_intake) count_refusal(k_refused_intake_timeout, m_auth_intake->expire(clock::monotonic_ms()));
        if (m_stats_socket) m_stats.tick(now_sec());
    }
}

}  // namespace dcc::daemon
