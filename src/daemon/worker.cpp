// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of worker.hpp (upstream dcc_preforked_child / dcc_accept_job).
#include "daemon/worker.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.hpp"
#include "common/files.hpp"
#include "common/log.hpp"
#include "common/signals.hpp"
#include "daemon/channel.hpp"
#include "daemon/compiler_process.hpp"
#include "daemon/job_files.hpp"
#include "daemon/pump_area.hpp"
#include "daemon/socket_bytes.hpp"
#include "proto/buffered_source.hpp"

namespace dcc::daemon {
namespace {

constexpr int k_retire_after_jobs = 50;
constexpr int64_t k_retire_after_ms = 60 * 1000;

void terminate_job(int) {
    kill_running_compiler();
    remove_current_job_dir();
    remove_current_pump_area();
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
    JobReport serve(const WorkOrder& order, int client, int spool);

    const WorkerSetup& m_setup;
    JobServer& m_jobs;
    int64_t m_born_ms = clock::monotonic_ms();
    int m_served = 0;
};

void Worker::run() {
    while (true) {
        WorkOrder order;
        UniqueFd client, spool;
        auto received = receive_record(m_setup.channel, &order, sizeof order, &client, &spool);
        if (!received || !*received) {  // the dispatcher is gone
            m_jobs.release_files();
            ::_exit(0);
        }
        if (order.kind == WorkOrder::Kind::reopen_log) {
            log::reopen();
            continue;
        }
        JobReport report = serve(order, client.get(), spool.get());
        if (m_setup.count_bytes && client)
            if (auto bytes = socket_bytes(client.get())) {
                report.bytes_received = bytes->received;
                report.bytes_sent = bytes->sent;
            }
        // The request file first: the client sees the end of the connection only
        // once the worker holds nothing of this job any more.
        spool.reset();
        client.reset();
        if (m_served >= k_retire_after_jobs && clock::monotonic_ms() - m_born_ms >= k_retire_after_ms)
            report.retiring = true;
        (void)send_record(m_setup.channel, &report, sizeof report, -1);
        if (report.retiring) {
            DCC_INFO("worn out after %d jobs", m_served);
            m_jobs.release_files();
            ::_exit(0);
        }
    }
}

JobReport Worker::serve(const WorkOrder& order, int client, int spool) {
    JobReport report;
    report.kind = JobReport::Kind::accepted_only;
    if (client < 0) return report;
    if (order.spooled && spool >= 0) {
        report = make_report(m_jobs.serve_received(spool, client, order.peer), 0);
    } else {
        if (!m_jobs.authenticate(client, client, order.peer)) return report;
        report = make_report(m_jobs.serve(client, client, order.peer), 0);
    }
    ++m_served;
    return report;
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
