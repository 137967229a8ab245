// SPDX-License-Identifier: GPL-2.0-or-later
// The files of one job: a private directory `$TMPDIR/distccd_XXXXXX` holding the
// received source and the compiler's output, plus two anonymous in-memory files
// (memfd) for the compiler's stdout and stderr, which never touch the disk.  While a
// JobFiles lives, warnings the daemon logs are copied into the stderr file, so they
// reach the client in SERR.  The directory is registered with the cleanup list (a
// fatal signal removes it) and removed when the JobFiles is destroyed, unless temps
// are kept (DISTCC_SAVE_TEMPS).
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::daemon {

class JobFiles {
public:
    static Result<JobFiles> create(const std::string& tmpdir, const std::string& input_extension, bool keep);

    JobFiles(JobFiles&& other) noexcept;
    JobFiles& operator=(JobFiles&&) = delete;
    ~JobFiles();

    const std::string& dir() const { return m_dir; }
    const std::string& input_path() const { return m_input_path; }
    const std::string& output_path() const { return m_output_path; }
    int stdout_fd() const { return m_stdout.get(); }
    int stderr_fd() const { return m_stderr.get(); }

private:
    JobFiles() = default;

    std::string m_dir;
    std::string m_input_path;
    std::string m_output_path;
    UniqueFd m_stdout;
    UniqueFd m_stderr;
    bool m_keep = false;
};

// For a fatal-signal handler, after the compiler was killed: remove the directory
// of the job in progress (again: the cleanup list may have raced with the compiler
// still writing into it).  Async-signal-safe.
void remove_current_job_dir();

}  // namespace dcc::daemon
