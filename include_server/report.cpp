// SPDX-License-Identifier: GPL-2.0-or-later
// Report texts, warning lines and e-mail (upstream's Debug, _EmailSender and the
// exception handlers of include_server.py's request handler).
#include "include_server/report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/io.hpp"

namespace dcc::include_server {

std::string not_covered_report(std::string_view reason, std::string_view translation_unit) {
    // Upstream prints this with a trailing blank instead of a newline.
    return "Preprocessing locally. Include server not covering: " + std::string(reason) +
           " for translation unit '" + std::string(translation_unit) + "' ";
}

std::string fatal_report(std::string_view reason, std::string_view translation_unit) {
    return "Preprocessing locally. Include server fatal error: '('" + std::string(reason) +
           "',)' for translation unit '" + std::string(translation_unit) + "' ";
}

std::string internal_error_report(std::string_view what, std::string_view translation_unit) {
    return "Preprocessing locally. Include server internal error: '" + std::string(what) +
           "' for translation unit '" + std::string(translation_unit) + "'";
}

std::string email_message(std::string_view from, std::string_view to, int number, std::string_view report) {
    std::string out = "Subject: distcc-pump include server email\nTo: " + std::string(to) + "\nFrom: " +
                      std::string(from) + "\n\n";
    out += "Automated email number " + std::to_string(number) + " in include server session.\n\n";
    out += report;
    return out;
}

Status SendmailTransport::send(const std::string& message) {
    if (::access(m_program.c_str(), X_OK) != 0) return make_error(ExitCode::compiler_missing, m_program + " not found");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return make_error(ExitCode::io_error, "pipe failed");
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    exec::SpawnOptions options;
    options.stdin_fd = read_end.get();
    options.search_path = false;
    auto pid = exec::spawn({m_program, "-t", "-oi"}, options);
    if (!pid.ok()) return std::move(pid).error();
    read_end.reset();
    Status written = io::write_all(write_end.get(), message, 10000);
    write_end.reset();
    auto status = exec::wait_for(*pid);
    if (!written.ok()) return written;
    if (!status.ok()) return std::move(status).error();
    if (*status != 0) return make_error(ExitCode::io_error, m_program + " " + exec::describe_status(*status));
    return {};
}

void Reporter::write_line(std::string_view prefix, std::string_view text) {
    std::string line(prefix);
    line += text;
    line += '\n';
    (void)io::write_all(m_fd, line, 1000);
}

void Reporter::warning(std::string_view text) {
    if (!enabled(k_debug_warning)) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    write_line("WARNING include server: ", text);
}

void Reporter::trace(std::string_view text) {
    if (!enabled(k_debug_trace)) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    write_line("TRACE: ", text);
}

void Reporter::report(const std::string& text, bool force, bool never) {
    warning(text);
    if (!m_settings.email || never || !m_transport) return;
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_sent >= m_settings.email_bound && !force) return;
    int number = ++m_sent;
    lock.unlock();
    Status sent = m_transport->send(email_message(m_settings.email_from, m_settings.email_to, number, text));
    if (sent.ok()) {
        warning("Include server sent email to " + m_settings.email_to);
    } else {
        warning("Please notify " + m_settings.email_to +
                " that the distcc-pump include server\ntried to send them email but failed.");
    }
}

}  // namespace dcc::include_server
