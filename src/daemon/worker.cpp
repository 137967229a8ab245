// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of worker.hpp (upstream dcc_preforked_child).
#include "daemon/worker.hpp"

#include <signal.h>
#include <unistd.h>

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

void terminate_job(int) {
    kill_running_compiler();
    remove_current_job_dir();
}

}  // namespace

void install_job_signal_handlers() {
    signals::install_termination_handlers(terminate_job);
    signals::ignore_sigpipe();
    ::signal(SIGCHLD, SIG_DFL);
}

void run_worker(int channel, JobServer& jobs) {
    install_job_signal_handlers();
    // A hang-up of the whole group must not kill jobs; the dispatcher forwards
    // SIGHUP's meaning (reopen the log) through the channel.
    ::signal(SIGHUP, SIG_IGN);
    int64_t born_ms = proto::monotonic_ms();
    int served = 0;
    while (true) {
        WorkOrder order;
        UniqueFd client;
        auto received = receive_record(channel, &order, sizeof order, &client);
        if (!received || !*received) ::_exit(0);
        if (order.kind == WorkOrder::Kind::reopen_log) {
            log::reopen();
            continue;
        }
        if (!client) continue;
        JobOutcome outcome = jobs.serve(client.get(), client.get(), order.peer);
        client.reset();
        ++served;
        bool retiring = served >= k_retire_after_jobs && proto::monotonic_ms() - born_ms >= k_retire_after_ms;
        JobReport report = make_report(outcome, retiring);
        if (!send_record(channel, &report, sizeof report, -1) || retiring) {
            if (retiring) DCC_INFO("worn out after %d jobs", served);
            ::_exit(0);
        }
    }
}

}  // namespace dcc::daemon
