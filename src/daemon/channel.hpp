// SPDX-License-Identifier: GPL-2.0-or-later
// The channel between the dispatcher (main process) and one prefork worker: a
// SOCK_SEQPACKET socketpair carrying fixed-size records, one per message, with a
// client's socket attached (SCM_RIGHTS) when a connection changes hands: a worker
// parks a client that has not sent anything yet with the dispatcher, and the
// dispatcher hands it back once it has.  Records are plain structs, so a message is
// one sendmsg/recvmsg and never interleaves with another worker's.
#pragma once

#include <cstddef>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "daemon/job_summary.hpp"
#include "daemon/peer.hpp"

namespace dcc::daemon {

// Dispatcher -> worker.
struct WorkOrder {
    enum class Kind : int { job = 1, reopen_log = 2 };
    Kind kind = Kind::job;
    PeerAddress peer;  // job: the client's address as accept() gave it
};

// Worker -> dispatcher: with --stats, a job's outcome or a connection that made no
// job (refused, closed at once); always, a silent client to park (its socket attached).
struct JobReport {
    enum class Kind : int { outcome = 1, park = 2, accepted_only = 3 };
    Kind kind = Kind::outcome;
    int accepted = 0;  // connections this report accounts for (0 or 1)
    JobCategory category = JobCategory::other;
    int wait_status = 0;
    int ret = 0;
    long elapsed_ms = 0;
    char compiler[64] = {};
    char input[192] = {};
    PeerAddress peer;  // park: the client's address
};

JobReport make_report(const JobOutcome& outcome, int accepted);
JobOutcome outcome_of(const JobReport& report);

// A connected pair; [0] stays with the dispatcher, [1] goes to the worker.
Result<std::pair<UniqueFd, UniqueFd>> make_channel();

// Send one record, with `fd` attached when >= 0.
Status send_record(int channel, const void* record, std::size_t size, int fd);

// Receive one record of exactly `size` bytes and any attached descriptor (close-on-
// exec).  Returns false at EOF (the other side is gone).
Result<bool> receive_record(int channel, void* record, std::size_t size, UniqueFd* fd);

// Whether an accepted client has sent its first bytes (one MSG_PEEK, no waiting).
enum class Readiness { has_data, silent, closed };
Readiness client_readiness(int fd);

}  // namespace dcc::daemon
