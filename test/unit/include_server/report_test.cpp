// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for report texts, warning lines and bounded e-mail (include_server/report.cpp).
#include "include_server/report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_tree.hpp"

using namespace dcc;
using namespace dcc::include_server;

namespace {

class FakeTransport : public MailTransport {
public:
    explicit FakeTransport(std::vector<std::string>& sent, bool fail = false) : m_sent(sent), m_fail(fail) {}
    Status send(const std::string& message) override {
        m_sent.push_back(message);
        if (m_fail) return make_error(ExitCode::io_error, "no mail");
        return {};
    }

private:
    std::vector<std::string>& m_sent;
    bool m_fail;
};

// stderr of a Reporter, captured through a pipe.
struct Capture {
    Capture() {
        if (pipe(fds) != 0) fds[0] = fds[1] = -1;
    }
    ~Capture() {
        close(fds[0]);
        if (fds[1] >= 0) close(fds[1]);
    }
    std::string text() {
        close(fds[1]);
        fds[1] = -1;
        std::string out;
        char buffer[4096];
        ssize_t n;
        while ((n = read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, std::size_t(n));
        return out;
    }
    int fds[2];
};

}  // namespace

TEST(Report, Texts) {
    EXPECT_EQ(not_covered_report("Could not find translation unit 'x.c'.", "x.c"),
              "Preprocessing locally. Include server not covering: Could not find translation unit 'x.c'. for "
              "translation unit 'x.c' ");
    EXPECT_EQ(fatal_report("Could not write to '/r/x.lzo': disk full", "x.c"),
              "Preprocessing locally. Include server fatal error: '('Could not write to '/r/x.lzo': disk full',)' "
              "for translation unit 'x.c' ");
    EXPECT_EQ(internal_error_report("std::bad_alloc: oops", "x.c"),
              "Preprocessing locally. Include server internal error: 'std::bad_alloc: oops' for translation unit "
              "'x.c'");
}

TEST(Report, WarningLinesDependOnTheDebugPattern) {
    Capture on;
    Reporter(ReportSettings{1, false, 3, "", ""}, nullptr, on.fds[1]).warning("careful");
    EXPECT_EQ(on.text(), "WARNING include server: careful\n");
    Capture off;
    Reporter quiet(ReportSettings{0, false, 3, "", ""}, nullptr, off.fds[1]);
    quiet.warning("careful");
    quiet.trace("step");
    EXPECT_EQ(off.text(), "");
    Capture trace;
    Reporter(ReportSettings{2, false, 3, "", ""}, nullptr, trace.fds[1]).trace("step");
    EXPECT_EQ(trace.text(), "TRACE: step\n");
}

TEST(Report, EmailIsBoundedForcedAndNeverForUserErrors) {
    std::vector<std::string> sent;
    Capture err;
    Reporter reporter(ReportSettings{1, true, 2, "blame@example", "me@host"}, std::make_unique<FakeTransport>(sent),
                      err.fds[1]);
    reporter.report("one", false, false);
    reporter.report("quiet", false, true);
    reporter.report("two", false, false);
    reporter.report("three", false, false);  // over the bound
    reporter.report("fatal", true, false);   // forced
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[0], email_message("me@host", "blame@example", 1, "one"));
    EXPECT_EQ(sent[2], email_message("me@host", "blame@example", 3, "fatal"));
    EXPECT_NE(err.text().find("WARNING include server: Include server sent email to blame@example\n"),
              std::string::npos);
}

TEST(Report, MessageShape) {
    EXPECT_EQ(email_message("me@h", "you", 2, "text"),
              "Subject: distcc-pump include server email\nTo: you\nFrom: me@h\n\n"
              "Automated email number 2 in include server session.\n\ntext");
}

TEST(Report, FailedMailIsAWarning) {
    std::vector<std::string> sent;
    Capture err;
    Reporter reporter(ReportSettings{1, true, 3, "blame", "me"}, std::make_unique<FakeTransport>(sent, true),
                      err.fds[1]);
    reporter.report("x", false, false);
    EXPECT_NE(err.text().find("Please notify blame that the distcc-pump include server\ntried to send them email but "
                              "failed."),
              std::string::npos);
}

TEST(Report, SendmailTransportNeedsTheProgram) {
    SendmailTransport transport("/nonexistent/sendmail");
    EXPECT_FALSE(transport.send("x").ok());
}

TEST(Report, SendmailTransportFeedsTheMessage) {
    tree_support::TestTree tree;
    std::string out = tree.path("mail.txt");
    std::string script = tree.write("sendmail", "#!/bin/sh\necho \"$@\" > " + out + "\ncat >> " + out + "\n");
    ASSERT_EQ(chmod(script.c_str(), 0755), 0);
    ASSERT_TRUE(SendmailTransport(script).send("Subject: s\n\nbody").ok());
    EXPECT_EQ(tree_support::read_file(out), "-t -oi\nSubject: s\n\nbody");
}
