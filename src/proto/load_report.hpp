// SPDX-License-Identifier: GPL-2.0-or-later
// The load report a daemon publishes on its statistics port for `GET /load`
// (doc/daemon.md §13.2, doc/client.md §8.2): one line of text, written by distccd
// and read by the client's load probe.  A 3.4 daemon answers any request with its
// statistics page instead, which parse_load_report rejects, so the client then
// relies on its own observations.  Pure string work, unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dcc::proto {

struct LoadReport {
    int port = 0;       // the job port the daemon listens on (tells daemons on one address apart)
    int slots = 0;      // jobs it runs at once (--jobs)
    int running = 0;    // jobs compiling now
    int queued = 0;     // jobs received and waiting for a worker
    double load1 = -1;  // one-minute load average; -1 unknown
    int cpus = 0;       // online processors; 0 unknown
};

// The request line the client sends.
inline constexpr std::string_view k_load_request = "GET /load HTTP/1.0\r\n\r\n";

// Whether a statistics request asks for the load report.
bool is_load_request(std::string_view request);
// The body: "distccd-load 1 port=N slots=N running=N queued=N load1=X cpus=N\n".
std::string render_load_report(const LoadReport& report);
// The report from a whole HTTP reply or a bare body; nullopt when it holds none.
std::optional<LoadReport> parse_load_report(std::string_view reply);

}  // namespace dcc::proto
