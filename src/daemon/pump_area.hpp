// SPDX-License-Identifier: GPL-2.0-or-later
// Where an unconfined worker builds the file trees of its pump jobs (doc/daemon.md
// §7): a private directory `<dir>/distccd-pump_XXXXXX` (mode 0700) under
// `--pump-tmpdir DIR` -- by default /dev/shm when it is a tmpfs the daemon may write
// in --, made on a process's first pump job and kept for its later ones.  Each job's
// tree (pump_tree.hpp) is still made inside it and removed after the job; the area
// itself goes when the process exits, retires, or dies from a fatal signal.  On a
// disk file system creating and removing each job's directories and files was most
// of the daemon's own CPU time per pump job; in memory it is a small part.  With
// the sandbox the trees stay in the job's work directory, which is all the compiler
// sees there.
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"

namespace dcc::daemon {

class PumpArea {
public:
    // A fresh area under `dir`, registered for removal at exit and on fatal signals.
    static Result<PumpArea> create(const std::string& dir);

    PumpArea(PumpArea&& other) noexcept;
    PumpArea& operator=(PumpArea&&) = delete;
    ~PumpArea();  // removes the area and everything in it

    const std::string& path() const { return m_path; }

private:
    PumpArea() = default;
    std::string m_path;
};

// True when `dir` is a directory on a tmpfs that this process may create entries in.
bool is_writable_tmpfs(const std::string& dir);

// --pump-tmpdir's default: /dev/shm when it is a writable tmpfs, else "" (each pump
// job's tree goes into the job's work directory, as with the sandbox).
std::string default_pump_tmpdir();

// The directory pump areas go in, from --pump-tmpdir (unset: the default above; ""
// stays "": the work directory).  A DIR that is not a directory this process may
// create entries in is a bad_arguments error naming the option.
Result<std::string> choose_pump_tmpdir(const std::optional<std::string>& option);

// For a fatal-signal handler, after the compiler was killed: remove this process's
// pump area (again: the cleanup list may have raced with a compiler still reading
// or writing there).  Async-signal-safe.
void remove_current_pump_area();

}  // namespace dcc::daemon
