// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of system_stats.hpp (upstream stats.c: dcc_getloadavg, dcc_calc_rate,
// dcc_get_disk_io_stats, dcc_get_proc_stats, dcc_get_tmp_top / free space).
#include "daemon/system_stats.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "common/fd.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

std::string read_small_file(const char* path) {
    UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return {};
    std::string text;
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd.get(), buf, sizeof buf)) > 0 && text.size() < (1u << 20))
        text.append(buf, static_cast<std::size_t>(n));
    return text;
}

bool is_whole_disk(std::string_view name) {
    auto letters_after = [&](std::string_view prefix) {
        if (!name.starts_with(prefix) || name.size() == prefix.size()) return false;
        for (char c : name.substr(prefix.size()))
            if (c < 'a' || c > 'z') return false;
        return true;
    };
    if (letters_after("sd") || letters_after("hd") || letters_after("vd") || letters_after("xvd")) return true;
    // nvme<N>n<M> without a partition suffix
    if (!name.starts_with("nvme")) return false;
    std::size_t n = name.find('n', 4);
    if (n == std::string_view::npos || name.find('p', n) != std::string_view::npos) return false;
    return true;
}

std::string_view next_word(std::string_view& text) {
    std::size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
        text = {};
        return {};
    }
    std::size_t end = text.find_first_of(" \t\n", start);
    std::string_view word = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end);
    return word;
}

// The report means to skip compilers (names ending in "cc" or "++", and cc1*);
// upstream tested the previous maximum's name instead of the candidate's (QUIRK).
bool is_compiler_name(std::string_view name_in_parens) {
    std::string_view name = name_in_parens;
    if (name.size() >= 2) name = name.substr(1, name.size() - 2);
    return name.ends_with("cc") || name.ends_with("++") || name.starts_with("cc1");
}

void sample_processes(SystemSample& out) {
    DIR* dir = ::opendir("/proc");
    if (!dir) return;
    long page_kb = ::sysconf(_SC_PAGESIZE) / 1024;
    out.procs_in_d_state = 0;
    while (dirent* entry = ::readdir(dir)) {
        if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) continue;
        std::string path = std::string("/proc/") + entry->d_name + "/stat";
        std::string line = read_small_file(path.c_str());
        char state = 0;
        std::string name;
        long rss = 0;
        if (!parse_proc_stat(line, state, name, rss)) continue;
        if (state == 'D') ++out.procs_in_d_state;
        if (!is_compiler_name(name) && rss * page_kb > out.max_rss_kb) {
            out.max_rss_kb = rss * page_kb;
            out.max_rss_name = name;
        }
    }
    ::closedir(dir);
}

}  // namespace

bool parse_loadavg(std::string_view text, SystemSample& out) {
    double a = 0, b = 0, c = 0;
    int running = 0, total = 0;
    std::string copy(text);
    if (std::sscanf(copy.c_str(), "%lf %lf %lf %d/%d", &a, &b, &c, &running, &total) != 5) return false;
    out.load[0] = a;
    out.load[1] = b;
    out.load[2] = c;
    out.current_load = running;
    return true;
}

long parse_mem_available_mb(std::string_view meminfo) {
    std::size_t pos = meminfo.find("MemAvailable:");
    if (pos == std::string_view::npos) return -1;
    std::string_view rest = meminfo.substr(pos + 13);
    auto kb = strings::parse_int(next_word(rest));
    return kb ? static_cast<long>(*kb / 1024) : -1;
}

long parse_disk_sectors(std::string_view diskstats) {
    long total = 0;
    while (!diskstats.empty()) {
        std::size_t end = diskstats.find('\n');
        std::string_view line = diskstats.substr(0, end);
        diskstats = end == std::string_view::npos ? std::string_view() : diskstats.substr(end + 1);
        std::string_view fields[10];
        for (auto& f : fields) f = next_word(line);
        if (!is_whole_disk(fields[2])) continue;
        auto read_sectors = strings::parse_int(fields[5]);
        auto written_sectors = strings::parse_int(fields[9]);
        if (read_sectors && written_sectors) total += static_cast<long>(*read_sectors + *written_sectors);
    }
    return total;
}

bool parse_proc_stat(std::string_view line, char& state, std::string& name, long& rss_pages) {
    std::size_t open = line.find('(');
    std::size_t close = line.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
    name = std::string(line.substr(open, close - open + 1));
    std::string_view rest = line.substr(close + 1);
    std::string_view state_word = next_word(rest);
    if (state_word.empty()) return false;
    state = state_word[0];
    // Fields after the state: ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime
    // vsize rss -- rss is the 21st word after the state.
    std::string_view word;
    for (int i = 0; i < 21; ++i) word = next_word(rest);
    auto rss = strings::parse_int(word);
    if (!rss) return false;
    rss_pages = static_cast<long>(*rss);
    return true;
}

SystemSample SystemSampler::sample(double now_sec) {
    SystemSample out;
    parse_loadavg(read_small_file("/proc/loadavg"), out);
    out.free_mem_mb = parse_mem_available_mb(read_small_file("/proc/meminfo"));
    struct statvfs fs{};
    if (::statvfs(m_tmpdir.c_str(), &fs) == 0)
        out.free_space_mb = static_cast<long>(static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize >> 20);
    sample_processes(out);
    if (m_last_io_sec < 0 || now_sec - m_last_io_sec >= 50) {
        long sectors = parse_disk_sectors(read_small_file("/proc/diskstats"));
        if (m_last_io_sec >= 0 && now_sec > m_last_io_sec)
            m_io_rate = static_cast<long>(static_cast<double>(sectors - m_last_sectors) / (now_sec - m_last_io_sec));
        m_last_sectors = sectors;
        m_last_io_sec = now_sec;
    }
    out.io_rate = m_io_rate;
    return out;
}

}  // namespace dcc::daemon
