// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of log.hpp.  State is process-global (one logger per program) and
// only touched from the main thread; a forked worker inherits it.
#include "common/log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "common/strings.hpp"

namespace dcc::log {
namespace {

enum class Destination { stderr_fd, fd, file, syslog };

struct State {
    std::string program = "distcc";
    Level level = Level::warning;
    Destination destination = Destination::stderr_fd;
    int fd = STDERR_FILENO;
    std::string file_path;
    int extra_fd = -1;
    Level extra_level = Level::debug;
    int capture_fd = -1;
};

State& state() {
    static State s;
    return s;
}

const char* severity_prefix(Level level) {
    switch (level) {
    case Level::emergency: return "EMERGENCY! ";
    case Level::alert: return "ALERT! ";
    case Level::critical: return "CRITICAL! ";
    case Level::error: return "ERROR: ";
    case Level::warning: return "Warning: ";
    default: return "";
    }
}

int syslog_priority(Level level) {
    switch (level) {
    case Level::emergency: return LOG_EMERG;
    case Level::alert: return LOG_ALERT;
    case Level::critical: return LOG_CRIT;
    case Level::error: return LOG_ERR;
    case Level::warning: return LOG_WARNING;
    case Level::notice: return LOG_NOTICE;
    case Level::info: return LOG_INFO;
    case Level::debug: return LOG_DEBUG;
    }
    return LOG_INFO;
}

void write_whole(int fd, const std::string& line) {
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere left to report a logging failure
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

int open_append(const std::string& path, std::string* error_text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 && error_text) *error_text = std::strerror(errno);
    return fd;
}

}  // namespace

bool parse_level(std::string_view word, Level& out) {
    struct Name { const char* name; Level level; };
    static const Name names[] = {
        {"emerg", Level::emergency}, {"emergency", Level::emergency}, {"alert", Level::alert},
        {"crit", Level::critical},   {"critical", Level::critical},   {"err", Level::error},
        {"error", Level::error},     {"warn", Level::warning},        {"warning", Level::warning},
        {"note", Level::notice},     {"notice", Level::notice},       {"info", Level::info},
        {"debug", Level::debug},
    };
    for (const Name& n : names) {
        if (word == n.name) {
            out = n.level;
            return true;
        }
    }
    return false;
}

void set_program_name(std::string_view name) { state().program = std::string(name); }
void set_level(Level level) { state().level = level; }
Level level() { return state().level; }

bool enabled(Level lvl) {
    const State& s = state();
    return lvl <= s.level || (s.extra_fd >= 0 && lvl <= s.extra_level) ||
           (s.capture_fd >= 0 && lvl <= Level::warning);
}

static void close_primary() {
    State& s = state();
    if (s.destination == Destination::file && s.fd >= 0) ::close(s.fd);
    if (s.destination == Destination::syslog) closelog();
    s.fd = -1;
}

void to_stderr() {
    close_primary();
    state().destination = Destination::stderr_fd;
    state().fd = STDERR_FILENO;
}

void to_fd(int fd) {
    close_primary();
    state().destination = Destination::fd;
    state().fd = fd;
}

bool to_file(const std::string& path, std::string* error_text) {
    int fd = open_append(path, error_text);
    if (fd < 0) return false;
    close_primary();
    State& s = state();
    s.destination = Destination::file;
    s.fd = fd;
    s.file_path = path;
    return true;
}

void to_syslog(const char* ident) {
    close_primary();
    openlog(ident, LOG_PID, LOG_DAEMON);
    state().destination = Destination::syslog;
}

bool add_extra_file(const std::string& path, Level lvl, std::string* error_text) {
    State& s = state();
    if (s.extra_fd >= 0) ::close(s.extra_fd);
    s.extra_fd = -1;
    if (path.empty()) return true;
    s.extra_fd = open_append(path, error_text);
    s.extra_level = lvl;
    return s.extra_fd >= 0;
}

void set_capture_fd(int fd) { state().capture_fd = fd; }

void reopen() {
    State& s = state();
    if (s.destination != Destination::file) return;
    int fd = open_append(s.file_path, nullptr);
    if (fd < 0) return;  // keep writing to the old file rather than losing lines
    ::close(s.fd);
    s.fd = fd;
}

std::string format_line(std::string_view program, long pid, Level lvl, const char* function,
                        std::string_view message) {
    std::string line;
    line.reserve(program.size() + message.size() + 64);
    line.append(program);
    line.push_back('[');
    line.append(std::to_string(pid));
    line.append("] ");
    if (function) {
        line.push_back('(');
        line.append(function);
        line.append(") ");
    }
    line.append(severity_prefix(lvl));
    line.append(message);
    if (line.empty() || line.back() != '\n') line.push_back('\n');
    return line;
}

void write(Level lvl, const char* function, std::string_view message) {
    State& s = state();
    // Keep lines bounded (upstream writes at most ~4 KB per line).
    if (message.size() > 4000) message = message.substr(0, 4000);
    // One message is one line: control characters (client-supplied compiler names,
    // arguments, paths) are escaped here, at the only way into the log
    // (doc/security.md §4).  A single trailing newline is the line's own end.
    if (!message.empty() && message.back() == '\n') message.remove_suffix(1);
    std::string escaped = strings::escape_control(message);
    message = escaped;
    bool primary = lvl <= s.level;
    bool extra = s.extra_fd >= 0 && lvl <= s.extra_level;
    bool capture = s.capture_fd >= 0 && lvl <= Level::warning;
    if (!primary && !extra && !capture) return;
    std::string line = format_line(s.program, static_cast<long>(::getpid()), lvl, function, message);
    if (primary) {
        if (s.destination == Destination::syslog) {
            std::string text;
            if (function) text = std::string("(") + function + ") ";
            text += severity_prefix(lvl);
            text.append(message);
            syslog(syslog_priority(lvl), "%s", text.c_str());
        } else if (s.fd >= 0) {
            write_whole(s.fd, line);
        }
    }
    if (extra) write_whole(s.extra_fd, line);
    if (capture) write_whole(s.capture_fd, line);
}

void writef(Level lvl, const char* function, const char* fmt, ...) {
    char small[512];
    va_list args;
    va_start(args, fmt);
    int needed = std::vsnprintf(small, sizeof small, fmt, args);
    va_end(args);
    if (needed < 0) return;
    if (static_cast<std::size_t>(needed) < sizeof small) {
        write(lvl, function, std::string_view(small, static_cast<std::size_t>(needed)));
        return;
    }
    std::string big(static_cast<std::size_t>(needed), '\0');
    va_start(args, fmt);
    std::vsnprintf(big.data(), big.size() + 1, fmt, args);
    va_end(args);
    write(lvl, function, big);
}

}  // namespace dcc::log
