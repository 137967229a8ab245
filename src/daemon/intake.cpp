// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of intake.hpp.
#include "daemon/intake.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

constexpr std::size_t k_read_chunk = 64 * 1024;
constexpr std::size_t k_max_read_per_event = 1024 * 1024;  // fairness between connections

}  // namespace

Result<UniqueFd> open_spool_file(const std::string& dir) {
    UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (fd) return fd;
    std::string path = dir + "/distccd_request_XXXXXX";
    fd.reset(::mkostemp(path.data(), O_CLOEXEC));
    if (!fd)
        return make_error(ExitCode::io_error,
                          strings::format("cannot create a request file in %s: %s", dir.c_str(), std::strerror(errno)));
    ::unlink(path.c_str());
    return fd;
}

void Intake::admit(UniqueFd fd, const PeerAddress& peer, int64_t now_ms) {
    int raw = fd.get();
    Connection c;
    c.fd = std::move(fd);
    c.peer = peer;
    c.framer = std::make_unique<proto::RequestFramer>(m_settings.limits);
    c.accepted_ms = c.last_byte_ms = c.window_start_ms = now_ms;
    Connection& stored = m_connections.admit(raw, std::move(c), now_ms, [this](int oldest) { forget(oldest); });
    schedule(stored, raw);
}

void Intake::forget(int fd) {
    Connection* c = m_connections.find(fd);
    if (!c) return;
    m_memory -= c->memory.size();
    m_spooled -= c->spooled;
    m_connections.erase(fd);
}

// Move the in-memory bytes to the connection's file (made on first use).
bool Intake::spill(Connection& c) {
    if (c.memory.empty()) return true;
    if (m_spooled + c.memory.size() > m_settings.spool_total) {
        DCC_ERROR("request from %s: the request files would pass %llu bytes in all; closing",
                  describe_peer(c.peer).c_str(), static_cast<unsigned long long>(m_settings.spool_total));
        return false;
    }
    if (!c.spool) {
        auto opened = open_spool_file(m_settings.spool_dir);
        if (!opened) {
            DCC_ERROR("request from %s: %s", describe_peer(c.peer).c_str(), opened.error().message.c_str());
            return false;
        }
        c.spool = std::move(*opened);
    }
    if (Status written = io::write_all(c.spool.get(), c.memory, io::k_no_timeout); !written) {
        DCC_ERROR("request from %s: writing its request file: %s", describe_peer(c.peer).c_str(),
                  written.error().message.c_str());
        return false;
    }
    c.spooled += c.memory.size();
    m_spooled += c.memory.size();
    m_memory -= c.memory.size();
    std::string().swap(c.memory);
    return true;
}

bool Intake::store(Connection& c, const char* data, std::size_t size) {
    if (c.memory.size() + size > m_settings.memory_per_connection || m_memory + size > m_settings.memory_total) {
        if (!spill(c)) return false;
        c.memory.assign(data, size);  // straight on to the file
        m_memory += size;
        return spill(c);
    }
    c.memory.append(data, size);
    m_memory += size;
    return true;
}

Intake::Progress Intake::on_readable(int fd, int64_t now_ms) {
    Connection* found = m_connections.find(fd);
    if (!found) return Progress::closed;
    Connection& c = *found;
    if (c.ready) return Progress::ready;
    char buffer[k_read_chunk];
    std::size_t this_event = 0;
    bool eof = false;
    while (this_event < k_max_read_per_event) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n <= 0) {
            eof = true;
            break;
        }
        this_event += static_cast<std::size_t>(n);
        c.last_byte_ms = now_ms;
        bool was_mid = c.framer->mid_packet();
        std::size_t used = c.framer->feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        // Bytes after a derailment stay with the request: the reader quotes them.
        if (c.framer->state() == proto::RequestFramer::State::settled) used = static_cast<std::size_t>(n);
        c.received += used;
        if (!store(c, buffer, used)) {
            forget(fd);
            return Progress::closed;
        }
        if (!was_mid && c.framer->mid_packet()) {
            // A packet opened and is unfinished: its rate is judged from here.
            c.window_start_ms = now_ms;
            c.window_start_bytes = c.received;
            c.mid_packet_at_window_start = true;
            schedule(c, fd);
        }
        if (c.framer->state() != proto::RequestFramer::State::reading) break;
    }
    bool refused_version = !m_settings.serves_protocol_3 && c.framer->version() >= 3;
    if (c.framer->state() == proto::RequestFramer::State::reading && !eof && !refused_version)
        return Progress::reading;
    if (c.framer->state() == proto::RequestFramer::State::reading && !refused_version) {
        // The client went away before its request was complete: no job.  A port
        // probe (nothing sent) is not worth a line.
        if (c.received > 0)
            DCC_INFO("client %s closed the connection after %llu bytes of an incomplete request",
                     describe_peer(c.peer).c_str(), static_cast<unsigned long long>(c.received));
        forget(fd);
        return Progress::closed;
    }
    // Complete or settled: the request reader judges the bytes there are.  One that
    // stayed within its memory budget goes on in memory (no file system work).
    if (!c.spool) c.spool.reset(::memfd_create("distccd-request", MFD_CLOEXEC));
    if (!spill(c)) {
        forget(fd);
        return Progress::closed;
    }
    c.ready = true;
    m_connections.unschedule(fd);
    return Progress::ready;
}

std::optional<ReadyRequest> Intake::take(int fd) {
    Connection* found = m_connections.find(fd);
    if (!found || !found->ready) return std::nullopt;
    Connection& c = *found;
    ReadyRequest ready;
    ready.client = std::move(c.fd);
    ready.spool = std::move(c.spool);
    ready.peer = c.peer;
    ready.bytes = c.spooled;
    ready.accepted_ms = c.accepted_ms;
    if (ready.spool) ::lseek(ready.spool.get(), 0, SEEK_SET);
    forget(fd);
    return ready;
}

Intake::Verdict Intake::judge(Connection& c, int64_t now_ms) {
    if (now_ms - c.accepted_ms >= m_settings.request_timeout_ms) return Verdict::deadline;
    bool mid = c.framer->mid_packet();
    if (now_ms - c.last_byte_ms >= m_settings.idle_timeout_ms) return Verdict::idle;
    if (now_ms - c.window_start_ms >= m_settings.rate_window_ms) {
        uint64_t expected = m_settings.min_rate * static_cast<uint64_t>(now_ms - c.window_start_ms) / 1000;
        // Only a packet that was open for the whole window is judged (a window
        // restarts when a packet opens): a client that waits between packets
        // (running its preprocessor) is not trickling.
        if (mid && c.mid_packet_at_window_start && c.received - c.window_start_bytes < expected)
            return Verdict::trickle;
        c.window_start_ms = now_ms;
        c.window_start_bytes = c.received;
        c.mid_packet_at_window_start = mid;
    }
    return Verdict::keep;
}

// Every rule's moment follows from the connection's own times.
void Intake::schedule(const Connection& c, int fd) {
    int64_t at = std::min(c.accepted_ms + m_settings.request_timeout_ms, c.window_start_ms + m_settings.rate_window_ms);
    at = std::min(at, c.last_byte_ms + m_settings.idle_timeout_ms);
    m_connections.schedule(fd, at);
}

std::size_t Intake::expire(int64_t now_ms) {
    std::size_t closed = 0;
    while (auto due = m_connections.due(now_ms)) {
        int fd = *due;
        Connection& c = *m_connections.find(fd);
        Verdict verdict = judge(c, now_ms);
        if (verdict == Verdict::keep) {
            schedule(c, fd);
            continue;
        }
        std::string client = describe_peer(c.peer);
        auto seconds = [](int64_t ms) { return static_cast<long>(ms / 1000); };
        switch (verdict) {
        case Verdict::idle:
            DCC_INFO("client %s sent nothing for %ld s; closing", client.c_str(), seconds(now_ms - c.last_byte_ms));
            break;
        case Verdict::trickle:
            DCC_WARNING("client %s sends slower than %llu bytes/s; closing after %llu bytes", client.c_str(),
                        static_cast<unsigned long long>(m_settings.min_rate),
                        static_cast<unsigned long long>(c.received));
            break;
        default:
            DCC_WARNING("client %s did not complete its request in %ld s; closing after %llu bytes", client.c_str(),
                        seconds(m_settings.request_timeout_ms), static_cast<unsigned long long>(c.received));
            break;
        }
        forget(fd);
        ++closed;
    }
    return closed;
}

void Intake::close_descriptors_in_child() const {
    m_connections.for_each([](int fd, const Connection& c) {
        ::close(fd);
        if (c.spool) ::close(c.spool.get());
    });
}

int64_t Intake::next_check_ms() const { return m_connections.next_check_ms(); }

}  // namespace dcc::daemon
