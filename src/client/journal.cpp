// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of journal.hpp.  Rendering is by hand (no JSON library in the
// client): the fields are fixed, and json::quote makes every string valid JSON.
#include "client/journal.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.hpp"
#include "common/fd.hpp"
#include "common/io.hpp"
#include "common/json.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

constexpr const char* k_phase_names[k_journal_phase_count] = {"slot_wait",      "preprocess", "connect",       "send",
                                                              "remote_compile", "receive",    "local_compile", "other"};

void append_string_array(std::string& out, const std::vector<std::string>& words) {
    out += '[';
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += ',';
        out += json::quote(words[i]);
    }
    out += ']';
}

// Microsecond resolution is plenty for phases and keeps the lines short.
std::string seconds(double value) { return strings::format("%.6f", value); }

}  // namespace

const char* journal_phase_name(JournalPhase phase) { return k_phase_names[static_cast<std::size_t>(phase)]; }

std::string to_json_line(const JournalRecord& r) {
    std::string out;
    out.reserve(512 + 32 * r.argv.size());
    out += "{\"time\":" + strings::format("%.6f", r.time);
    out += ",\"duration\":" + seconds(r.duration);
    out += strings::format(",\"pid\":%ld,\"cwd\":", r.pid) + json::quote(r.cwd);
    out += ",\"argv\":";
    append_string_array(out, r.argv);
    out += ",\"input\":" + json::quote(r.input) + ",\"output\":" + json::quote(r.output);
    out += ",\"mode\":" + json::quote(r.mode) + ",\"host\":" + json::quote(r.host);
    out += strings::format(",\"slot\":%d,\"protocol\":%d,\"compression\":", r.slot, r.protocol);
    out += json::quote(r.compression) + ",\"outcome\":" + json::quote(r.outcome);
    out += strings::format(",\"exit_code\":%d,\"reason\":", r.exit_code) + json::quote(r.reason);
    out += ",\"failed_attempts\":[";
    for (std::size_t i = 0; i < r.failed_attempts.size(); ++i) {
        if (i) out += ',';
        out += "{\"host\":" + json::quote(r.failed_attempts[i].host) +
               ",\"reason\":" + json::quote(r.failed_attempts[i].reason) + '}';
    }
    out += "],\"backed_off\":";
    append_string_array(out, r.backed_off);
    out += strings::format(",\"bytes_sent\":%llu,\"bytes_received\":%llu,\"phases\":{",
                           static_cast<unsigned long long>(r.bytes_sent),
                           static_cast<unsigned long long>(r.bytes_received));
    for (std::size_t i = 0; i < k_journal_phase_count; ++i)
        out += strings::format("%s\"%s\":%s", i ? "," : "", k_phase_names[i], seconds(r.phase_seconds[i]).c_str());
    out += "},\"spans\":[";
    for (std::size_t i = 0; i < r.spans.size(); ++i)
        out += strings::format("%s[\"%s\",%s,%s]", i ? "," : "", journal_phase_name(r.spans[i].phase),
                               seconds(r.spans[i].start).c_str(), seconds(r.spans[i].duration).c_str());
    out += "]}\n";
    return out;
}

Status append_journal_line(const std::string& path, std::string_view line) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666));
    if (!fd)
        return make_error(ExitCode::io_error,
                          strings::format("cannot open %s: %s", path.c_str(), std::strerror(errno)));
    // Up to PIPE_BUF one O_APPEND write() lands whole; a longer line takes the lock so
    // that a short write finished by a second write() cannot be split by another line.
    bool lock = line.size() > PIPE_BUF;
    if (lock && ::flock(fd.get(), LOCK_EX) != 0)
        return make_error(ExitCode::io_error,
                          strings::format("cannot lock %s: %s", path.c_str(), std::strerror(errno)));
    Status written = io::write_all(fd.get(), line.data(), line.size(), io::k_no_timeout);
    if (lock) ::flock(fd.get(), LOCK_UN);
    if (!written)
        return make_error(ExitCode::io_error,
                          strings::format("cannot write %s: %s", path.c_str(), written.error().message.c_str()));
    return {};
}

JobRecorder::JobRecorder(Clock now) : m_now(now) {
    m_start = m_phase_start = this->now();
    timespec wall = clock::realtime();
    m_record.time = static_cast<double>(wall.tv_sec) + static_cast<double>(wall.tv_nsec) / 1e9;
}

double JobRecorder::now() const { return m_now ? m_now() : clock::monotonic_seconds(); }

void JobRecorder::enter(JournalPhase phase) {
    double t = now();
    double elapsed = t - m_phase_start;
    if (elapsed < 0) elapsed = 0;
    m_record.phase_seconds[static_cast<std::size_t>(m_phase)] += elapsed;
    // Consecutive notes of one phase (or an empty phase) do not add a span.
    if (!m_record.spans.empty() && m_record.spans.back().phase == m_phase)
        m_record.spans.back().duration += elapsed;
    else if (elapsed > 0)
        m_record.spans.push_back({m_phase, m_phase_start - m_start, elapsed});
    m_phase = phase;
    m_phase_start = t;
}

void JobRecorder::on_phase(StateWriter::Role role, proto::Phase phase) {
    bool remote = role == StateWriter::Role::remote;
    switch (phase) {
    case proto::Phase::blocked: enter(JournalPhase::slot_wait); break;
    case proto::Phase::preprocess: enter(JournalPhase::preprocess); break;
    case proto::Phase::connect: enter(JournalPhase::connect); break;
    case proto::Phase::send: enter(JournalPhase::send); break;
    case proto::Phase::compile: enter(remote ? JournalPhase::remote_compile : JournalPhase::local_compile); break;
    case proto::Phase::receive: enter(JournalPhase::receive); break;
    case proto::Phase::startup:
    case proto::Phase::done: enter(JournalPhase::other); break;
    }
}

void JobRecorder::finish(int exit_code) {
    enter(JournalPhase::other);
    m_record.exit_code = exit_code;
    m_record.duration = now() - m_start;
}

void write_journal(JobRecorder& recorder, const std::string& path, int exit_code) {
    recorder.finish(exit_code);
    Status appended = append_journal_line(path, to_json_line(recorder.record()));
    if (!appended) DCC_WARNING("job journal not written: %s", appended.error().message.c_str());
}

}  // namespace dcc::client
