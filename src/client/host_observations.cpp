// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_observations.hpp.
#include "client/host_observations.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

bool lock_file(int fd, short type) {
    struct flock lock {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    while (::fcntl(fd, F_SETLKW, &lock) != 0) {
        if (errno != EINTR) return false;
    }
    return true;
}

std::string read_text(int fd) {
    char buf[k_record_size + 1];
    ssize_t got = ::pread(fd, buf, k_record_size, 0);
    return got > 0 ? std::string(buf, static_cast<std::size_t>(got)) : std::string();
}

}  // namespace

HostRecord HostRecord::decayed(double now) const {
    HostRecord out = *this;
    if (updated > 0 && now > updated) {
        double factor = std::exp2(-(now - updated) / k_observation_half_life_sec);
        out.weight *= factor;
        out.failures *= factor;
    }
    out.updated = std::max(now, updated);
    return out;
}

std::string format_record(const HostRecord& r) {
    const proto::LoadReport& p = r.published ? *r.published : proto::LoadReport{};
    return strings::format("hl2 %.3f %.6f %.4f %.4f %.3f %d %d %d %d %d %.2f %d %d\n", r.updated, r.job_sec, r.weight,
                           r.failures, r.probed_at, r.published ? 1 : 0, p.port, p.slots, p.running, p.queued, p.load1,
                           p.cpus, r.own_at_probe);
}

std::optional<HostRecord> parse_record(const std::string& text) {
    HostRecord r;
    proto::LoadReport p;
    int published = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "hl2 %lf %lf %lf %lf %lf %d %d %d %d %d %lf %d %d%n", &r.updated, &r.job_sec,
                    &r.weight, &r.failures, &r.probed_at, &published, &p.port, &p.slots, &p.running, &p.queued,
                    &p.load1, &p.cpus, &r.own_at_probe, &used) < 13)
        return std::nullopt;
    if (static_cast<std::size_t>(used) >= text.size() || text[static_cast<std::size_t>(used)] != '\n')
        return std::nullopt;  // a torn or foreign file
    if (!std::isfinite(r.job_sec) || r.job_sec < 0 || !(r.weight >= 0) || !(r.failures >= 0)) return std::nullopt;
    if (published) r.published = p;
    return r;
}

ObservationStore::ObservationStore(std::string distcc_dir, bool create_parent)
    : m_distcc_dir(std::move(distcc_dir)),
      m_dir(path::join(m_distcc_dir, "hostload")),
      m_create_parent(create_parent) {}

std::string ObservationStore::file_of(const std::string& key) const { return path::join(m_dir, key); }

HostRecord ObservationStore::read(const std::string& key, double now) const {
    if (m_distcc_dir.empty()) return {};
    UniqueFd fd(::open(file_of(key).c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || !lock_file(fd.get(), F_RDLCK)) return {};
    auto record = parse_record(read_text(fd.get()));
    return record ? record->decayed(now) : HostRecord{};
}

template <typename Change>
void ObservationStore::update_text(const std::string& file, Change change) {
    if (m_distcc_dir.empty()) return;
    UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    if (!fd && errno == ENOENT) {
        if (m_create_parent) (void)::mkdir(m_distcc_dir.c_str(), 0777);
        (void)::mkdir(m_dir.c_str(), 0777);
        fd.reset(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    }
    if (!fd || !lock_file(fd.get(), F_WRLCK)) {
        DCC_DEBUG("cannot update %s: %s", file.c_str(), std::strerror(errno));
        return;
    }
    std::string text = read_text(fd.get());
    if (!change(text) || text.size() > k_record_size) return;
    if (::pwrite(fd.get(), text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()) ||
        ::ftruncate(fd.get(), static_cast<off_t>(text.size())) != 0)
        DCC_DEBUG("cannot write %s: %s", file.c_str(), std::strerror(errno));
}

template <typename Change>
void ObservationStore::update(const std::string& key, Change change) {
    update_text(file_of(key), [&](std::string& text) {
        auto old = parse_record(text);
        HostRecord record = old ? *old : HostRecord{};
        if (!change(record)) return false;
        text = format_record(record);
        return true;
    });
}

void ObservationStore::record_job(const std::string& key, double seconds, double now) {
    update(key, [&](HostRecord& r) {
        r = r.decayed(now);
        // A decayed mean: the newest job weighs as much as a weight of 1 of history,
        // history being capped so a host's speed is re-learnt within a few jobs.
        double weight = std::min(r.weight, 3.0);
        r.job_sec = (r.job_sec * weight + seconds) / (weight + 1);
        r.weight = weight + 1;
        return true;
    });
}

void ObservationStore::record_failure(const std::string& key, double now) {
    update(key, [&](HostRecord& r) {
        r = r.decayed(now);
        r.failures += 1;
        return true;
    });
}

bool ObservationStore::claim_probe(const std::string& key, double now, double interval) {
    bool claimed = false;
    update(key, [&](HostRecord& r) {
        if (r.probed_at > 0 && now - r.probed_at < interval && now >= r.probed_at) return false;
        r.probed_at = now;
        claimed = true;
        return true;
    });
    return claimed;
}

void ObservationStore::record_probe(const std::string& key, const std::optional<proto::LoadReport>& load, double now,
                                    int own_busy) {
    update(key, [&](HostRecord& r) {
        r.probed_at = now;
        r.published = load;
        r.own_at_probe = own_busy;
        return true;
    });
}

double ObservationStore::note_waiting(double now, double gap) {
    double since = now;
    update_text(path::join(m_dir, "backlog"), [&](std::string& text) {
        double old_since = 0, last = 0;
        // Clocks of processes agree only to a few ms: a note "after" now is recent.
        if (std::sscanf(text.c_str(), "bl1 %lf %lf", &old_since, &last) == 2 && std::fabs(now - last) <= gap &&
            old_since <= last && old_since > 0)
            since = std::min(old_since, now);
        text = strings::format("bl1 %.3f %.3f\n", since, std::max(now, last));
        return true;
    });
    return now - since;
}

}  // namespace dcc::client
