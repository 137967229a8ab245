// SPDX-License-Identifier: GPL-2.0-or-later
// The messages between a worker and its sandbox's first process (sandbox.hpp) over
// their stream socket pair.  Worker to sandbox, one per job:
//     LaunchHeader{k_launch_magic, size}  cwd NUL program NUL argv[0] NUL ... argv[n-1] NUL
// (an empty cwd: the sandbox's working directory, the job directory)
// with SCM_RIGHTS carrying the compiler's stdin, stdout and stderr on the header.
// Sandbox to worker, fixed-size Reports: `ready` or `setup_failed` once after
// starting, then per launch `started` or `spawn_failed`, and after a start `exited`.
// Both ends are the same program built once, so the layout is native.
#pragma once

#include <cstdint>

namespace dcc::daemon::sandbox_protocol {

constexpr uint32_t k_launch_magic = 0x64636353;  // "Sccd"
constexpr uint32_t k_max_launch_size = 32u << 20;

struct LaunchHeader {
    uint32_t magic;
    uint32_t size;  // bytes of NUL-terminated words that follow
};

enum class ReportKind : int32_t { ready = 1, setup_failed, started, spawn_failed, exited };

struct Report {
    ReportKind kind;
    int32_t value;      // exited: the wait status; setup_failed: errno
    int32_t survivors;  // exited: 1 when processes of the job outlived the compiler
    char text[244];     // *_failed: the reason, NUL-terminated
};
static_assert(sizeof(Report) == 256);

}  // namespace dcc::daemon::sandbox_protocol
