// SPDX-License-Identifier: GPL-2.0-or-later
// Where a job's files live.  A WorkDir is a private directory `$TMPDIR/distccd_XXXXXX`
// made on a process's first job and reused by each later job of that process (a
// worker runs one job at a time), because creating and removing a directory per job
// was the largest share of the daemon's own CPU time.  After each job it is emptied
// but for the input files, which the next job overwrites, and it goes away with the
// process (at exit or on a fatal signal).  It also keeps two anonymous in-memory
// files (memfd) for the compiler's stdout and stderr, emptied after a job whose
// compiler exited with nothing of its left running, and replaced after any other.
// JobFiles are one job's view of it: the input and output paths and those two
// streams; while they live, the daemon's warnings are copied into that stderr, so
// they reach the client in SERR.
#pragma once

#include <dirent.h>

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::daemon {

class WorkDir {
public:
    // `keep`: leave it behind when destroyed (DISTCC_SAVE_TEMPS).
    static Result<WorkDir> create(const std::string& tmpdir, bool keep);

    WorkDir(WorkDir&& other) noexcept;
    WorkDir& operator=(WorkDir&&) = delete;
    ~WorkDir();

    const std::string& path() const { return m_path; }

    // After a job.  Sweep::full removes every entry but the regular files input.*,
    // whatever a job or its compiler left there.  Sweep::output_only removes just
    // the object, for a compiler that exited by itself (it deleted its own temporary
    // files); every k_full_sweep_interval-th such clear still sweeps fully, so
    // anything unexpected (a .dwo beside the object, say) lives a few jobs at most.
    // Sweep::full also replaces the stdout/stderr streams (a killed compiler's
    // descendants may still hold them); Sweep::output_only empties them for reuse.
    enum class Sweep { full, output_only };
    void clear(Sweep sweep);

    // The compiler's stdout and stderr for the next job, made on first use.
    struct Streams {
        int out;
        int err;
    };
    Result<Streams> streams();

    static constexpr int k_full_sweep_interval = 16;
    static constexpr const char* k_output_name = "output.o";

private:
    WorkDir() = default;

    std::string m_path;
    DIR* m_stream = nullptr;  // kept open: clearing costs a rewind and a read
    bool m_keep = false;
    int m_light_sweeps = 0;  // output-only clears since the last full sweep
    UniqueFd m_stdout;       // memfds lent to each job (JobFiles)
    UniqueFd m_stderr;
};

class JobFiles {
public:
    static Result<JobFiles> create(WorkDir& dir, const std::string& input_extension);

    JobFiles(JobFiles&& other) noexcept;
    JobFiles& operator=(JobFiles&&) = delete;
    ~JobFiles();  // stops copying warnings and clears the directory

    const std::string& dir() const { return m_dir->path(); }
    const std::string& input_path() const { return m_input_path; }
    const std::string& output_path() const { return m_output_path; }
    int stdout_fd() const { return m_stdout; }
    int stderr_fd() const { return m_stderr; }

    // The input file for writing from offset 0; after writing, finish_input() with the
    // number of bytes written cuts off what a longer previous source left behind.
    struct Input {
        UniqueFd fd;
        std::size_t previous_size = 0;
    };
    Result<Input> open_input() const;
    Status finish_input(const Input& input, std::size_t size) const;

    // The compiler exited by itself and left no process of its group running:
    // clearing after the job may remove only the object and reuse the streams
    // (WorkDir::Sweep::output_only).
    void note_compiler_exited() { m_sweep = WorkDir::Sweep::output_only; }

private:
    JobFiles() = default;

    WorkDir* m_dir = nullptr;
    std::string m_input_path;
    std::string m_output_path;
    int m_stdout = -1;  // borrowed from m_dir
    int m_stderr = -1;
    WorkDir::Sweep m_sweep = WorkDir::Sweep::full;
};

// For a fatal-signal handler, after the compiler was killed: remove this process's
// work directory (again: the cleanup list may have raced with a compiler still
// writing into it).  Async-signal-safe.
void remove_current_job_dir();

}  // namespace dcc::daemon
