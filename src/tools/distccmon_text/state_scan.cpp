// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of state_scan.hpp (upstream monitor.c: dcc_mon_poll,
// dcc_mon_do_file, dcc_mon_kill_old, dcc_mon_load_state, dcc_mon_check_orphans).
#include "tools/distccmon_text/state_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::tools::distccmon_text {
namespace {

constexpr std::string_view k_state_prefix = "binstate_";

Error system_error(const char* what, const std::string& path) {
    return make_error(ExitCode::io_error, strings::format("%s %s failed: %s", what, path.c_str(), std::strerror(errno)));
}

Status make_directory(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0777) == 0 || errno == EEXIST) return {};
    return make_error(ExitCode::io_error, strings::format("mkdir '%s' failed: %s", dir.c_str(), std::strerror(errno)));
}

// One file: nullopt when it is skipped (gone, stale, foreign or cut short).
std::optional<proto::StateRecord> load(const std::string& path, MonitorSystem& system) {
    auto file = system.read(path, proto::state_record_size());
    if (!file) {
        DCC_WARNING("%s", file.error().message.c_str());
        return std::nullopt;
    }
    if (!*file) return std::nullopt;
    if (system.now() - (*file)->mtime > k_stale_after_sec) {
        if (Status removed = system.remove(path); !removed) DCC_WARNING("%s", removed.error().message.c_str());
        return std::nullopt;
    }
    if ((*file)->bytes.size() != proto::state_record_size()) {
        DCC_DEBUG("short read from %s: %zu bytes", path.c_str(), (*file)->bytes.size());
        return std::nullopt;
    }
    proto::MonitorReading reading = proto::read_state_record_for_monitor((*file)->bytes);
    switch (reading.fault) {
    case proto::StateRecordFault::wrong_magic: DCC_WARNING("wrong magic number: %s", path.c_str()); return std::nullopt;
    case proto::StateRecordFault::wrong_size:
        DCC_WARNING("wrong structure size: %s: version mismatch?", path.c_str());
        return std::nullopt;
    case proto::StateRecordFault::none: break;
    }
    // Finished jobs are not shown.  A client that died leaves its file behind; the
    // 60-second rule removes it later.
    if (reading.record.phase == proto::Phase::done || !system.process_exists(reading.record.pid)) return std::nullopt;
    return std::move(reading.record);
}

bool shown_before(const proto::StateRecord& a, const proto::StateRecord& b) {
    if (int order = std::strcmp(a.host.c_str(), b.host.c_str()); order != 0) return order < 0;
    if (a.slot != b.slot) return a.slot < b.slot;
    return a.pid < b.pid;
}

}  // namespace

Result<std::vector<std::string>> DiskMonitorSystem::list(const std::string& dir) {
    DIR* handle = ::opendir(dir.c_str());
    if (!handle) return make_error(ExitCode::io_error, strings::format("failed to opendir %s: %s", dir.c_str(), std::strerror(errno)));
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(handle)) names.emplace_back(entry->d_name);
    ::closedir(handle);
    return names;
}

Result<std::optional<StateFile>> DiskMonitorSystem::read(const std::string& path, std::size_t max_bytes) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return std::optional<StateFile>();
        return make_error(ExitCode::io_error, strings::format("failed to open %s: %s", path.c_str(), std::strerror(errno)));
    }
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0) return system_error("fstat", path);
    StateFile file;
    file.mtime = st.st_mtime;
    file.bytes.resize(max_bytes);
    ssize_t n = ::read(fd.get(), file.bytes.data(), max_bytes);
    if (n < 0) return system_error("read", path);
    file.bytes.resize(static_cast<std::size_t>(n));
    return std::optional<StateFile>(std::move(file));
}

Status DiskMonitorSystem::remove(const std::string& path) {
    if (::unlink(path.c_str()) == 0 || errno == ENOENT) return {};
    return make_error(ExitCode::io_error, strings::format("failed to unlink %s: %s", path.c_str(), std::strerror(errno)));
}

bool DiskMonitorSystem::process_exists(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

std::time_t DiskMonitorSystem::now() { return std::time(nullptr); }

Result<std::string> prepare_state_dir(const Config& config) {
    if (config.distcc_dir.empty())
        return make_error(ExitCode::bad_arguments, "HOME is not set; can't find distcc directory");
    if (!config.distcc_dir_explicit) DCC_TRY(make_directory(config.distcc_dir));
    std::string dir = path::join(config.distcc_dir, "state");
    DCC_TRY(make_directory(dir));
    return dir;
}

Result<std::vector<proto::StateRecord>> poll_state_dir(const std::string& dir, MonitorSystem& system) {
    auto names = system.list(dir);
    if (!names) return std::move(names).error();
    std::vector<proto::StateRecord> records;
    for (const std::string& name : *names) {
        if (!name.starts_with(k_state_prefix)) continue;
        if (auto record = load(path::join(dir, name), system)) records.push_back(std::move(*record));
    }
    std::sort(records.begin(), records.end(), shown_before);
    return records;
}

}  // namespace dcc::tools::distccmon_text
