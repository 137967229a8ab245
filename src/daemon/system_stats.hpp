// SPDX-License-Identifier: GPL-2.0-or-later
// Reads the machine facts of the statistics report from /proc and statvfs (Linux):
// load, processes in state D, the largest resident set, disk I/O rate, free space
// in $TMPDIR and available memory.  Only the main process calls it, and only when a
// report is requested, so none of this is on the per-job path.  The parsers are
// exposed for unit tests.
#pragma once

#include <string>
#include <string_view>

#include "daemon/stats.hpp"

namespace dcc::daemon {

class SystemSampler {
public:
    explicit SystemSampler(std::string tmpdir) : m_tmpdir(std::move(tmpdir)) {}
    SystemSample sample(double now_sec);

private:
    std::string m_tmpdir;
    long m_last_sectors = -1;
    double m_last_io_sec = -1;
    long m_io_rate = -1;
};

// "0.54 0.39 0.18 2/345 6789" -> current load 2 and the three averages.
bool parse_loadavg(std::string_view text, SystemSample& out);
// MemAvailable of /proc/meminfo in MiB, -1 when absent.
long parse_mem_available_mb(std::string_view meminfo);
// Sectors read + written on whole disks in /proc/diskstats text.
long parse_disk_sectors(std::string_view diskstats);
// One /proc/PID/stat line: state letter, "(name)" and RSS in pages.
bool parse_proc_stat(std::string_view line, char& state, std::string& name, long& rss_pages);

}  // namespace dcc::daemon
