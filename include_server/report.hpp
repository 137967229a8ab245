// SPDX-License-Identifier: GPL-2.0-or-later
// What the include server tells people (doc/include-server.md, "Failures"): the
// warning lines on stderr ("WARNING include server: ..." when bit 1 of the debug
// pattern is set), the reports for a request that is not covered, a fatal error or
// an internal error, and the bounded e-mailing of those reports (--email).  Report
// texts follow upstream's wording, which users and scripts know.  Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::include_server {

inline constexpr int k_debug_warning = 1;
inline constexpr int k_debug_trace = 2;

// How a report leaves the machine.
class MailTransport {
public:
    virtual ~MailTransport() = default;
    virtual Status send(const std::string& message) = 0;  // a complete message with headers
};

// Hands the message to `sendmail -t -oi` (upstream spoke SMTP to localhost; a local
// MTA's sendmail is what most systems have instead).
class SendmailTransport final : public MailTransport {
public:
    explicit SendmailTransport(std::string program = "/usr/sbin/sendmail") : m_program(std::move(program)) {}
    Status send(const std::string& message) override;

private:
    std::string m_program;
};

std::string not_covered_report(std::string_view reason, std::string_view translation_unit);
std::string fatal_report(std::string_view reason, std::string_view translation_unit);
std::string internal_error_report(std::string_view what, std::string_view translation_unit);

// The e-mail for report number `number`.
std::string email_message(std::string_view from, std::string_view to, int number, std::string_view report);

struct ReportSettings {
    int debug_pattern = k_debug_warning;
    bool email = false;
    int email_bound = 3;
    std::string email_to = "distcc-pump-errors";
    std::string email_from;  // user@host
};

class Reporter {
public:
    Reporter(ReportSettings settings, std::unique_ptr<MailTransport> transport, int stderr_fd = 2)
        : m_settings(std::move(settings)), m_transport(std::move(transport)), m_fd(stderr_fd) {}

    bool enabled(int bits) const { return (m_settings.debug_pattern & bits) != 0; }
    void warning(std::string_view text);
    void trace(std::string_view text);
    // Print a failure report as a warning and e-mail it if allowed: `force` for
    // fatal errors (beyond the bound), `never` for reasons that are the user's.
    void report(const std::string& text, bool force, bool never);

private:
    void write_line(std::string_view prefix, std::string_view text);

    ReportSettings m_settings;
    std::unique_ptr<MailTransport> m_transport;
    int m_fd;
    std::mutex m_mutex;
    int m_sent = 0;
};

}  // namespace dcc::include_server
