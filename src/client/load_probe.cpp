// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of load_probe.hpp.
#include "client/load_probe.hpp"

#include <sys/socket.h>

#include "client/connection.hpp"
#include "client/slots.hpp"
#include "common/clock.hpp"
#include "common/io.hpp"
#include "common/log.hpp"

namespace dcc::client {
namespace {

double now_sec() {
    timespec t = clock::realtime();
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

std::optional<proto::LoadReport> query_load(const std::string& address, int stats_port, int job_port, int timeout_ms) {
    TransportSettings settings;
    settings.connect_timeout_ms = timeout_ms;
    settings.tcp_cork = false;
    auto connection = Connection::open_tcp(address, stats_port, settings);
    if (!connection) return std::nullopt;
    if (!io::write_all(connection->write_fd(), proto::k_load_request.data(), proto::k_load_request.size(), timeout_ms))
        return std::nullopt;
    ::shutdown(connection->write_fd(), SHUT_WR);
    std::string reply;
    char buf[1024];
    double deadline = clock::monotonic_seconds() + timeout_ms / 1000.0;
    while (reply.size() < 8192) {
        int left = static_cast<int>((deadline - clock::monotonic_seconds()) * 1000);
        if (left <= 0) return std::nullopt;
        auto got = io::read_some(connection->read_fd(), buf, sizeof buf, left);
        if (!got) return std::nullopt;
        if (*got == 0) break;
        reply.append(buf, *got);
    }
    auto report = proto::parse_load_report(reply);
    if (report && report->port != job_port) return std::nullopt;
    return report;
}

HostFacts SharedHostKnowledge::facts(const HostSpec& host, int own_busy) {
    std::string key = lock_host_key(host);
    double now = now_sec();
    HostRecord record = m_store.read(key, now);
    // Reading first costs one open per host per pass; the claim (a write) is made
    // only when the last query looks old, and settles races between clients.
    bool stale = record.probed_at <= 0 || now - record.probed_at >= k_probe_interval_sec || now < record.probed_at;
    if (host.mode == HostMode::tcp && m_stats_port > 0 && stale &&
        m_store.claim_probe(key, now, k_probe_interval_sec)) {
        auto load = query_load(host.hostname, m_stats_port, host.port, k_probe_timeout_ms);
        DCC_DEBUG("load of %s: %s", host.text.c_str(),
                  load ? proto::render_load_report(*load).c_str() : "none published\n");
        m_store.record_probe(key, load, now_sec(), own_busy);
        record = m_store.read(key, now);
    }
    HostFacts facts{record.job_sec, record.weight, record.failures, std::nullopt, 0};
    if (record.published && now - record.probed_at <= k_published_max_age_sec) {
        facts.published = record.published;
        facts.own_at_probe = record.own_at_probe;
    }
    return facts;
}

void SharedHostKnowledge::job_done(const HostSpec& host, double seconds) {
    m_store.record_job(lock_host_key(host), seconds, now_sec());
}

void SharedHostKnowledge::job_failed(const HostSpec& host) { m_store.record_failure(lock_host_key(host), now_sec()); }

double SharedHostKnowledge::note_waiting(double gap) { return m_store.note_waiting(now_sec(), gap); }

}  // namespace dcc::client
