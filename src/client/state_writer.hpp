// SPDX-License-Identifier: GPL-2.0-or-later
// Writes this client's monitor record ($DISTCC_DIR/state/binstate_<pid>, doc/client.md
// §12) at each phase change, for distccmon-text.  Like upstream it keeps one
// record for local work and one for remote work and writes whichever was updated
// last; fields an update leaves out keep their old value.  The record format is
// proto/state_record.hpp.  Writes are best-effort: a monitor file never fails a job.
// The file is opened once and each update overwrites the fixed-size record in place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/fd.hpp"
#include "proto/state_record.hpp"

namespace dcc::client {

class PhaseObserver;

class StateWriter {
public:
    enum class Role { local, remote };

    // Empty `distcc_dir` disables the writer.
    StateWriter(const std::string& distcc_dir, long pid);
    StateWriter(const StateWriter&) = delete;
    StateWriter& operator=(const StateWriter&) = delete;

    // Upstream dcc_note_state.  `file` is reduced to its basename.
    void note(Role role, proto::Phase phase, std::optional<std::string_view> file = std::nullopt,
              std::optional<std::string_view> host = std::nullopt, std::optional<int> slot = std::nullopt);

    // Also tell `observer` of every note (the job journal, journal.hpp); nullptr
    // stops it.  The observer hears notes even when the monitor file is disabled.
    void set_observer(PhaseObserver* observer) { m_observer = observer; }

    // Delete the file (at exit).
    void remove();

    const std::string& path() const { return m_path; }

private:
    void write(const proto::StateRecord& record);
    bool open_file();

    std::string m_dir;
    std::string m_path;
    UniqueFd m_fd;  // open from the first written record until remove()
    proto::StateRecord m_local;
    proto::StateRecord m_remote;
    PhaseObserver* m_observer = nullptr;
};

// Hears each phase change the job flow notes for the monitor.
class PhaseObserver {
public:
    virtual ~PhaseObserver() = default;
    virtual void on_phase(StateWriter::Role role, proto::Phase phase) = 0;
};

}  // namespace dcc::client
