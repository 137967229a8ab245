// SPDX-License-Identifier: GPL-2.0-or-later
// One poll of the monitor (upstream dcc_mon_poll): read every binstate_* file of the
// state directory that the clients -- ours and distcc 3.4's, same record -- write
// (doc/tools.md), drop what is stale or orphaned, and sort the rest by host and slot.
// The file system, the clock and kill(pid, 0) are reached through MonitorSystem so
// that the rules are tested without real clients; DiskMonitorSystem is the real one.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/result.hpp"
#include "proto/state_record.hpp"

namespace dcc::tools::distccmon_text {

// A file older than this many seconds is deleted unread: its client died without
// cleaning up (upstream dcc_phase_max_age).
inline constexpr long k_stale_after_sec = 60;

struct StateFile {
    std::time_t mtime = 0;
    std::string bytes;  // at most proto::state_record_size() bytes
};

class MonitorSystem {
public:
    virtual ~MonitorSystem() = default;
    // Names of the directory's entries; io_error when it cannot be read.
    virtual Result<std::vector<std::string>> list(const std::string& dir) = 0;
    // nullopt when the file has gone (clients remove theirs when they finish).
    virtual Result<std::optional<StateFile>> read(const std::string& path, std::size_t max_bytes) = 0;
    virtual Status remove(const std::string& path) = 0;
    // kill(pid, 0) says the process exists (EPERM counts as existing).
    virtual bool process_exists(long pid) = 0;
    virtual std::time_t now() = 0;
};

class DiskMonitorSystem final : public MonitorSystem {
public:
    Result<std::vector<std::string>> list(const std::string& dir) override;
    Result<std::optional<StateFile>> read(const std::string& path, std::size_t max_bytes) override;
    Status remove(const std::string& path) override;
    bool process_exists(long pid) override;
    std::time_t now() override;
};

// $DISTCC_DIR/state, or $HOME/.distcc/state, created as the client creates it:
// the state directory, and $HOME/.distcc when DISTCC_DIR is not set.  Without
// either variable ExitCode::bad_arguments; a failed mkdir is ExitCode::io_error
// ("mkdir '<dir>' failed: ...").
Result<std::string> prepare_state_dir(const Config& config);

// The records to show -- jobs not Done whose client is alive -- sorted by host
// (strcmp order), then slot, then pid.
// Warnings for unreadable or foreign files are logged; they never fail the poll.
Result<std::vector<proto::StateRecord>> poll_state_dir(const std::string& dir, MonitorSystem& system);

}  // namespace dcc::tools::distccmon_text
