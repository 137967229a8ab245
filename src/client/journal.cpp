// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of journal.hpp.  Rendering is by hand (no JSON library in the
// client): the fields are fixed, and json::quote makes every string valid JSON.
#include "client/journal.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
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

// Each value is appended in place: printf's %f costs thousands of instructions per
// number, which at ~30 numbers a line was a third of a plain client's instructions
// (bench/benchlib/journal.py).
void append_string_array(std::string& out, const std::vector<std::string>& words) {
    out += '[';
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += ',';
        out += json::quote(words[i]);
    }
    out += ']';
}

void append_integer(std::string& out, long long value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// Seconds with six decimals (microseconds are plenty for phases and keep lines short).
void append_seconds(std::string& out, double value) {
    long long micros = std::llround(value * 1e6);
    if (micros < 0) {
        out += '-';
        micros = -micros;
    }
    append_integer(out, micros / 1000000);
    char fraction[7];
    long long rest = micros % 1000000;
    for (int i = 5; i >= 0; --i, rest /= 10) fraction[i] = static_cast<char>('0' + rest % 10);
    out += '.';
    out.append(fraction, 6);
}

void append_field(std::string& out, const char* name, std::string_view text) {
    out += ",\"";
    out += name;
    out += "\":";
    out += json::quote(text);
}

void append_field(std::string& out, const char* name, long long value) {
    out += ",\"";
    out += name;
    out += "\":";
    append_integer(out, value);
}

}  // namespace

const char* journal_phase_name(JournalPhase phase) { return k_phase_names[static_cast<std::size_t>(phase)]; }

std::string to_json_line(const JournalRecord& r) {
    std::string out;
    out.reserve(768 + 32 * r.argv.size());
    out += "{\"time\":";
    append_seconds(out, r.time);
    out += ",\"duration\":";
    append_seconds(out, r.duration);
    append_field(out, "pid", r.pid);
    append_field(out, "cwd", r.cwd);
    out += ",\"argv\":";
    append_string_array(out, r.argv);
    append_field(out, "input", r.input);
    append_field(out, "output", r.output);
    append_field(out, "mode", r.mode);
    append_field(out, "host", r.host);
    append_field(out, "slot", r.slot);
    append_field(out, "protocol", r.protocol);
    append_field(out, "compression", r.compression);
    append_field(out, "outcome", r.outcome);
    append_field(out, "exit_code", r.exit_code);
    append_field(out, "reason", r.reason);
    out += ",\"failed_attempts\":[";
    for (std::size_t i = 0; i < r.failed_attempts.size(); ++i) {
        out += i ? ",{\"host\":" : "{\"host\":";
        out += json::quote(r.failed_attempts[i].host);
        append_field(out, "reason", r.failed_attempts[i].reason);
        out += '}';
    }
    out += "],\"backed_off\":";
    append_string_array(out, r.backed_off);
    append_field(out, "bytes_sent", static_cast<long long>(r.bytes_sent));
    append_field(out, "bytes_received", static_cast<long long>(r.bytes_received));
    out += ",\"phases\":{";
    for (std::size_t i = 0; i < k_journal_phase_count; ++i) {
        out += i ? ",\"" : "\"";
        out += k_phase_names[i];
        out += "\":";
        append_seconds(out, r.phase_seconds[i]);
    }
    out += "},\"spans\":[";
    for (std::size_t i = 0; i < r.spans.size(); ++i) {
        out += i ? ",[\"" : "[\"";
        out += journal_phase_name(r.spans[i].phase);
        out += "\",";
        append_seconds(out, r.spans[i].start);
        out += ',';
        append_seconds(out, r.spans[i].duration);
        out += ']';
    }
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
