// SPDX-License-Identifier: GPL-2.0-or-later
// What a compiler sees inside the sandbox (doc/security.md §3), as plain data: where
// its job directory appears (the layout), the mount steps that build that view, and
// the resource limits it runs under.  Pure: sandbox.cpp carries the steps out in the
// sandbox's first process; this file touches no file system.
#pragma once

#include <sys/resource.h>

#include <string>
#include <vector>

namespace dcc::daemon {

// The job directory outside (where the daemon writes input and reads output) and
// inside (the compiler's working directory and TMPDIR).  Inside, the job directory
// is mounted over the daemon's TMPDIR, which is also the daemon's working directory:
// the compiler's cwd, and so clang's DW_AT_comp_dir, stays what it was without the
// sandbox, and the other jobs' directories beside it are out of sight.  A TMPDIR of
// "/" cannot be covered: then the directory appears at its own path.
struct SandboxLayout {
    std::string job_dir;
    std::string inside_dir;
};

SandboxLayout plan_layout(const std::string& job_dir, const std::string& tmpdir);

// `path` as the compiler sees it: a path in the job directory moves to inside_dir;
// any other path is returned unchanged.
std::string inside_path(const SandboxLayout& layout, const std::string& path);

// One mount operation, done in order by the sandbox's first process (which holds
// every capability of its new user namespace until it has done them).
struct MountStep {
    enum class Kind {
        make_private,        // stop mount events propagating to or from the host: `target` recursively
        detach_copy,         // a detached copy of `source`, kept for attach (open_tree)
        make_read_only,      // `target` and every mount below it read-only (mount_setattr)
        attach_copy,         // the detached copy at `target`, writable (move_mount)
        mount_proc,          // a procfs of the new PID namespace at `target`
    };
    Kind kind;
    std::string source;  // detach_copy only
    std::string target;
    bool operator==(const MountStep&) const = default;
};

std::vector<MountStep> plan_mounts(const SandboxLayout& layout);

// The limits every compiler process runs under (set in each compiler before exec,
// inherited by all it starts).  RLIMIT_NPROC counts per user namespace, so it bounds the
// processes of one job, not the daemon user's.
struct SandboxLimits {
    rlim_t cpu_seconds;    // RLIMIT_CPU, per process
    rlim_t address_space;  // RLIMIT_AS, bytes
    rlim_t file_size;      // RLIMIT_FSIZE, bytes
    rlim_t processes;      // RLIMIT_NPROC, in the sandbox
    rlim_t core_size;      // RLIMIT_CORE: no core files in the job directory
};

// The defaults (30 min of CPU per process, 8 GiB of address space, 4 GiB files,
// 256 processes, no core files); with --job-lifetime the CPU limit is that
// lifetime, which no single process of the job can outlast anyway.
SandboxLimits sandbox_limits(int job_lifetime_sec);

}  // namespace dcc::daemon
