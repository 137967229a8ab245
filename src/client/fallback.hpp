// SPDX-License-Identifier: GPL-2.0-or-later
// The failure policy of doc/client.md §11 as values: what happened in one remote
// attempt, what to do next (retry another host, compile locally, or stop with a code),
// and why a job ends up running locally.  What the user is told about a locally-run
// job is rendered from that value by fallback_notice.hpp, never written where the
// decision was made.  The job flow (job.hpp) performs the actions.
#pragma once

#include <string>

#include "common/exit_code.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::client {

// Why a job runs on this machine.
enum class LocalCause {
    // Local by nature: no warning (fallback_notice.hpp).
    recursion,          // invoked by distcc or distccd: no hosts looked at
    not_distributable,  // the scanner said so (see scan_reason)
    localhost_chosen,   // the host list picked `localhost`
    // Real fallbacks: the job was meant to go remote.
    no_host_list,        // nothing configured, or an empty list (ExitCode::no_hosts)
    bad_host_list,       // the list cannot be used (a word that does not parse, ...)
    no_usable_host,      // every host is down, backed off or already failed this job
    local_error,         // lock directory or TMPDIR unusable
    attempts_exhausted,  // backoff disabled and 3 attempts failed
    transport_failed,    // connect, I/O, protocol or timeout error (host backed off)
    server_refused,      // the daemon closed without answering
    argument_policy,     // distccd's argument allow-list would refuse a word (doc/security.md §2)
    remote_crashed,      // the remote compiler died from a signal / exit >= 128
    remote_failed,       // the remote compiler exited 1..127: recompile for local messages
    output_failed,       // the results could not be written here (not the host's fault)
    side_files,          // side outputs / declared inputs no usable host can serve (doc/protocol.md §16)
};

struct LocalRun {
    LocalCause cause = LocalCause::not_distributable;
    compiler::LocalReason scan_reason = compiler::LocalReason::no_input;  // not_distributable
    std::string host;    // host text of the last attempt, when there was one
    std::string detail;  // the underlying error message
    int remote_code = 0; // remote_failed: the remote exit code
    // The code to exit with instead when fallbacks are disabled (DISTCC_FALLBACK=0):
    // the remote compiler's code, or 103 connect failed, 116 no hosts, 107...
    int stop_code = to_int(ExitCode::no_hosts);
};

// What one remote attempt ended with.
struct AttemptResult {
    enum class Kind {
        success,           // status 0, outputs written
        compile_failed,    // remote compiler exited 1..127
        compiler_crashed,  // signal, or exit >= 128
        transport_error,   // connect/I-O/protocol/timeout
        no_answer,         // connected, but the daemon closed without a reply
        cpp_failed,        // our local preprocessor failed (reported once, no retry)
        output_failed,     // the object/stdout could not be written on this machine
        unserved,          // the server cannot serve the job's side outputs (doc/protocol.md
                           // §16.2 reply_x_unserved): local, the host not backed off
    };
    Kind kind = Kind::success;
    int exit_code = 0;          // compile_failed / cpp_failed: the exit code
    ExitCode error_code = ExitCode::ok;  // transport_error / no_answer
    std::string message;
};

struct PolicySettings {
    bool fallback = true;           // DISTCC_FALLBACK
    bool skip_local_retry = false;  // DISTCC_SKIP_LOCAL_RETRY
    bool backoff_enabled = true;    // DISTCC_BACKOFF_PERIOD > 0
};

inline constexpr int k_max_attempts_without_backoff = 3;

struct NextStep {
    enum class Action {
        done,              // success: exit 0
        retry,             // another host
        run_locally,       // fallback compile (see `local`)
        exit_with_server_output,  // print the server's stderr, exit with `exit_code`
        exit_with_code,    // stop with `exit_code` (fallbacks disabled, cpp failed)
    };
    Action action = Action::done;
    bool dislike_host = false;  // put the host in backoff
    bool enjoy_host = false;    // clear its backoff
    int exit_code = 0;
    LocalRun local;
};

// Upstream dcc_build_somewhere's retry loop and fallback rules, with two deliberate
// changes: a failure of our own preprocessor is final (its diagnostics were shown),
// and a host that failed is not tried again for this job.
NextStep decide_next_step(const AttemptResult& attempt, const std::string& host, int attempts_made,
                          const PolicySettings& settings);

}  // namespace dcc::client
