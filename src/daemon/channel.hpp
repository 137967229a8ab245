// SPDX-License-Identifier: GPL-2.0-or-later
// The channel between the dispatcher (main process) and one prefork worker: a
// SOCK_SEQPACKET socketpair carrying fixed-size records, one per message, with a
// client's socket (and the file holding its request) attached (SCM_RIGHTS) when the
// dispatcher hands a connection to the worker.  Records are plain structs, so a message is
// one sendmsg/recvmsg and never interleaves with another worker's.
#pragma once

#include <cstddef>
#include <cstdint>

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
    // job: the intake received the whole request (doc/security.md §1) and a second
    // descriptor holds its bytes; otherwise the worker reads the request from the
    // connection itself.
    bool spooled = false;
};

// Worker -> dispatcher, after every work order: the job's outcome, or a connection
// that made no job.  Either way the worker is free again, unless
// it is `retiring` (it exits next; the dispatcher starts its successor).
struct JobReport {
    enum class Kind : int { outcome = 1, accepted_only = 3 };
    Kind kind = Kind::outcome;
    int accepted = 0;  // connections this report accounts for (0 or 1)
    JobCategory category = JobCategory::other;
    int wait_status = 0;
    int ret = 0;
    long elapsed_ms = 0;
    char compiler[64] = {};
    char input[192] = {};
    char refusal[32] = {};
    // The connection's bytes as the kernel counted them (socket_bytes.hpp), with --stats.
    uint64_t bytes_received = 0;
    uint64_t bytes_sent = 0;
    bool retiring = false;
};

JobReport make_report(const JobOutcome& outcome, int accepted);
JobOutcome outcome_of(const JobReport& report);

// A connected pair; [0] stays with the dispatcher, [1] goes to the worker.
Result<std::pair<UniqueFd, UniqueFd>> make_channel();

// Send one record, with `fd` (and `second_fd`) attached when >= 0.
Status send_record(int channel, const void* record, std::size_t size, int fd, int second_fd = -1);

// Receive one record of exactly `size` bytes and up to two attached descriptors
// (close-on-exec; one not asked for is closed).  Returns false at EOF (the other
// side is gone).
Result<bool> receive_record(int channel, void* record, std::size_t size, UniqueFd* fd, UniqueFd* second_fd = nullptr);

// Whether an accepted client has sent its first bytes (one MSG_PEEK, no waiting).
enum class Readiness { has_data, silent, closed };
Readiness client_readiness(int fd);

}  // namespace dcc::daemon
