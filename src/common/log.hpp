// SPDX-License-Identifier: GPL-2.0-or-later
// Logging and tracing for every program: one line per message, written with a single
// write(2), in distcc's format `prog[PID] (function) SEVERITY: message`.  The
// destination (stderr, an fd such as UNCACHED_ERR_FD, an appended file, or syslog)
// and the level are chosen once at startup by the program; the daemon additionally
// copies warnings of a running job into that job's stderr file ("capture").
// This module does not read the environment: callers pass what the config decided.
#pragma once

#include <string>
#include <string_view>

namespace dcc::log {

enum class Level { emergency = 0, alert, critical, error, warning, notice, info, debug };

// Parse a --log-level word (emerg/emergency, alert, crit/critical, err/error,
// warn/warning, note/notice, info, debug).  Returns false for an unknown word.
bool parse_level(std::string_view word, Level& out);

void set_program_name(std::string_view name);
void set_level(Level level);
Level level();
bool enabled(Level level);

// Destinations.  Each call replaces the primary destination.
void to_stderr();
void to_fd(int fd);  // fd is not owned
bool to_file(const std::string& path, std::string* error_text);  // append, 0666 & umask
void to_syslog(const char* ident);

// An extra file receiving every message at `level` and above in addition to the
// primary destination (the client's discrepancy e-mail log).  Empty path = none.
bool add_extra_file(const std::string& path, Level level, std::string* error_text);

// While set (fd >= 0), messages at warning or worse are also appended to `fd`
// (the daemon's per-job stderr file, which travels back to the client in SERR).
void set_capture_fd(int fd);

// Reopen a file destination (SIGHUP in the daemon); a no-op for other destinations.
void reopen();

// Write one message.  `function` may be null (line without the "(function) " part).
void write(Level level, const char* function, std::string_view message);
void writef(Level level, const char* function, const char* fmt, ...) __attribute__((format(printf, 3, 4)));

// Format one line exactly as it goes to a file or stderr (exposed for tests).
std::string format_line(std::string_view program, long pid, Level level, const char* function,
                        std::string_view message);

}  // namespace dcc::log

#define DCC_LOG_AT(lvl, ...)                                                  \
    do {                                                                     \
        if (::dcc::log::enabled(lvl)) ::dcc::log::writef(lvl, __func__, __VA_ARGS__); \
    } while (0)
#define DCC_CRITICAL(...) DCC_LOG_AT(::dcc::log::Level::critical, __VA_ARGS__)
#define DCC_ERROR(...) DCC_LOG_AT(::dcc::log::Level::error, __VA_ARGS__)
#define DCC_WARNING(...) DCC_LOG_AT(::dcc::log::Level::warning, __VA_ARGS__)
#define DCC_NOTICE(...) DCC_LOG_AT(::dcc::log::Level::notice, __VA_ARGS__)
#define DCC_INFO(...) DCC_LOG_AT(::dcc::log::Level::info, __VA_ARGS__)
#define DCC_DEBUG(...) DCC_LOG_AT(::dcc::log::Level::debug, __VA_ARGS__)
