// SPDX-License-Identifier: GPL-2.0-or-later
// The job journal (doc/client.md §19): with DISTCC_JOURNAL=FILE every client
// invocation appends one JSON line to FILE when it ends -- what ran, where, in which
// mode, how it ended and why, the bytes moved and the time spent in each phase.
// JobRecorder collects the record while the job flow (job.cpp) runs: the flow sets
// the facts, and the phase changes arrive as the monitor's notes (state_writer.hpp)
// plus the flow's own slot waits.  to_json_line renders it; append_journal_line adds
// it to the file with one O_APPEND write, under flock() when the line is longer than
// PIPE_BUF, so concurrent clients never interleave.  distcc-report reads the file.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/state_writer.hpp"
#include "common/result.hpp"

namespace dcc::client {

// Where a job's time goes; `other` is everything between the named phases (argument
// scanning, reading the host list, writing outputs).
enum class JournalPhase : unsigned {
    slot_wait,
    preprocess,
    connect,
    send,
    remote_compile,
    receive,
    local_compile,
    other,
    count_
};
inline constexpr std::size_t k_journal_phase_count = static_cast<std::size_t>(JournalPhase::count_);

// "slot_wait", "preprocess", ... as written in the journal.
const char* journal_phase_name(JournalPhase phase);

struct JournalRecord {
    struct Span {
        JournalPhase phase = JournalPhase::other;
        double start = 0;     // seconds after the job started
        double duration = 0;  // seconds
    };
    struct FailedAttempt {
        std::string host;
        std::string reason;
    };

    double time = 0;      // wall clock when the job started, Unix seconds
    double duration = 0;  // seconds
    long pid = 0;
    std::string cwd;
    std::vector<std::string> argv;  // the compiler command (argv[0] = compiler)
    std::string input;
    std::string output;
    // local, tcp, ssh, pump, plain-after-pump (a ,cpp host the include server
    // could not serve)
    std::string mode = "local";
    std::string host;         // the host text of the attempt that counted, or "localhost"
    int slot = -1;            // -1 when no slot was taken
    int protocol = 0;         // 0 for a local run
    std::string compression;  // "lzo", "none", or "" for a local run
    // remote (the result came from a server), local (local by nature), fallback
    // (meant for a server, compiled here), error (distcc stopped without compiling)
    std::string outcome = "error";
    int exit_code = 0;
    // Why it ran here, in the words of the warning (fallback_notice.hpp); empty when
    // it ran remotely.
    std::string reason;
    std::vector<FailedAttempt> failed_attempts;  // hosts tried and given up on
    std::vector<std::string> backed_off;         // hosts skipped as in backoff
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::array<double, k_journal_phase_count> phase_seconds{};
    std::vector<Span> spans;  // the phases in order, for timelines
};

// The record as one line of JSON, ending in '\n'.
std::string to_json_line(const JournalRecord& record);

// Append `line` to `path` (created 0666 & ~umask) in one write(); a line longer than
// PIPE_BUF is written under an exclusive flock() on the file, which every writer of
// such a line takes, so that no two long lines interleave.
Status append_journal_line(const std::string& path, std::string_view line);

// Collects one job's record.  `now` is the monotonic clock in seconds (tests pass
// their own).
class JobRecorder final : public PhaseObserver {
public:
    using Clock = double (*)();
    explicit JobRecorder(Clock now = nullptr);

    JournalRecord& record() { return m_record; }
    // The job entered `phase` now; the previous phase ends here.
    void enter(JournalPhase phase);
    // A monitor note (StateWriter::note) mapped to a journal phase.
    void on_phase(StateWriter::Role role, proto::Phase phase) override;
    // The job ended with `exit_code`: close the last phase, set the duration.
    void finish(int exit_code);

private:
    double now() const;

    Clock m_now;
    double m_start = 0;
    double m_phase_start = 0;
    JournalPhase m_phase = JournalPhase::other;
    JournalRecord m_record;
};

// Finish `recorder` and append its line to `path`; a journal that cannot be written
// costs one warning, never the build.
void write_journal(JobRecorder& recorder, const std::string& path, int exit_code);

}  // namespace dcc::client
