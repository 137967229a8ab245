// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of worker.hpp (upstream dcc_preforked_child / dcc_accept_job).
#include "daemon/worker.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/files.hpp"
#include "common/log.hpp"
#include "common/signals.hpp"
#include "daemon/channel.hpp"
#include "daemon/compiler_process.hpp"
#include "daemon/job_files.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {
namespace {

constexpr int k_retire_after_jobs = 50;
constexpr int64_t k_retire_after_ms = 60 * 1000;
constexpr uint64_t k_listen_tag = 1;
constexpr uint64_t k_channel_tag = 2;

void terminate_job(int) {
    kill_running_compiler();
    remove_current_job_dir();
}

// --oom-score-adj (upstream: each worker writes it; failure is only a warning).
void set_oom_score_adj(int value) {
    if (Status written = files::write_file("/proc/self/oom_score_adj", std::to_string(value) + "\n"); !written)
        DCC_WARNING("cannot set oom_score_adj to %d: %s", value, written.error().message.c_str());
}

class Worker {
public:
    Worker(const WorkerSetup& setup, JobServer& jobs) : m_setup(setup), m_jobs(jobs) {}
    [[noreturn]] void run();

private:
    void on_listen();
    void on_channel();
    void serve(int fd, const PeerAddress& peer, int accepted);
    void park(UniqueFd fd, const PeerAddress& peer);
    void report_accept_only();

    const WorkerSetup& m_setup;
    JobServer& m_jobs;
    int64_t m_born_ms = proto::monotonic_ms();
    int m_served = 0;
};

void Worker::run() {
    UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event listen_event{};
    // Exclusive: a new connection wakes one idle worker, not all of them.
    listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
    listen_event.data.u64 = k_listen_tag;
    epoll_event channel_event{};
    channel_event.events = EPOLLIN;
    channel_event.data.u64 = k_channel_tag;
    if (!epoll || ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, m_setup.listen_fd, &listen_event) != 0 ||
        ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, m_setup.channel, &channel_event) != 0) {
        DCC_ERROR("worker setup failed: %s", std::strerror(errno));
        ::_exit(to_int(ExitCode::distcc_failed));
    }
    while (true) {
        epoll_event events[2];
        int n = ::epoll_wait(epoll.get(), events, 2, -1);
        for (int i = 0; i < n; ++i) {
            if (events[i].data.u64 == k_channel_tag)
                on_channel();
            else
                on_listen();
        }
    }
}

void Worker::on_listen() {
    PeerAddress peer;
    peer.length = sizeof peer.storage;
    int fd = ::accept4(m_setup.listen_fd, reinterpret_cast<sockaddr*>(&peer.storage), &peer.length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        // EAGAIN: another worker took it.  Anything else is logged and retried.
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
            DCC_ERROR("accept failed: %s", std::strerror(errno));
        return;
    }
    UniqueFd client(fd);
    if (check_peer(*m_setup.allow, peer.get(), peer.length) == PeerVerdict::denied) {
        DCC_ERROR("connection from client '%s' denied by access list", describe_peer(peer).c_str());
        report_accept_only();
        return;
    }
    switch (client_readiness(fd)) {
    case Readiness::has_data: serve(fd, peer, 1); return;
    case Readiness::silent: park(std::move(client), peer); return;
    case Readiness::closed: report_accept_only(); return;  // a port probe
    }
}

void Worker::report_accept_only() {
    if (!m_setup.report_outcomes) return;
    JobReport report;
    report.kind = JobReport::Kind::accepted_only;
    report.accepted = 1;
    (void)send_record(m_setup.channel, &report, sizeof report, -1);
}

void Worker::on_channel() {
    WorkOrder order;
    UniqueFd client;
    auto received = receive_record(m_setup.channel, &order, sizeof order, &client);
    if (!received || !*received) ::_exit(0);  // the dispatcher is gone
    if (order.kind == WorkOrder::Kind::reopen_log) {
        log::reopen();
        return;
    }
    if (client) serve(client.get(), order.peer, 0);  // counted when it was parked
}

void Worker::park(UniqueFd fd, const PeerAddress& peer) {
    JobReport message;
    message.kind = JobReport::Kind::park;
    message.accepted = 1;
    message.peer = peer;
    if (Status sent = send_record(m_setup.channel, &message, sizeof message, fd.get()); !sent)
        DCC_ERROR("cannot park a silent client: %s", sent.error().message.c_str());
}

void Worker::serve(int fd, const PeerAddress& peer, int accepted) {
    if (!m_jobs.authenticate(fd, fd, peer)) {
        if (accepted) report_accept_only();  // a parked client was counted already
        return;
    }
    JobOutcome outcome = m_jobs.serve(fd, fd, peer);
    ++m_served;
    if (m_setup.report_outcomes) {
        JobReport report = make_report(outcome, accepted);
        (void)send_record(m_setup.channel, &report, sizeof report, -1);
    }
    if (m_served >= k_retire_after_jobs && proto::monotonic_ms() - m_born_ms >= k_retire_after_ms) {
        DCC_INFO("worn out after %d jobs", m_served);
        ::_exit(0);
    }
}

}  // namespace

void install_job_signal_handlers() {
    signals::install_termination_handlers(terminate_job);
    signals::ignore_sigpipe();
    ::signal(SIGCHLD, SIG_DFL);
}

void run_worker(const WorkerSetup& setup, JobServer& jobs) {
    install_job_signal_handlers();
    // A hang-up of the whole group must not kill jobs; the dispatcher passes SIGHUP's
    // meaning (reopen the log) on through the channel.
    ::signal(SIGHUP, SIG_IGN);
    if (setup.oom_score_adj) set_oom_score_adj(*setup.oom_score_adj);
    Worker(setup, jobs).run();
}

}  // namespace dcc::daemon
