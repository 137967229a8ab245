// SPDX-License-Identifier: GPL-2.0-or-later
// lsdistcc's compile probe (doc/tools.md): the canned job
// "<compiler> -c hello.c -o hello.o" of a one-line source, as protocol 1, 2 or 3
// writes it, and the check of the answer: DONE with the same version, then
// STAT00000000, then the server closes the connection.  Anything else -- another
// token or version, a failed compile, an early EOF -- means the host is down.
// Pure: bytes in, verdict out; host_check.hpp does the socket work.
#pragma once

#include <string>
#include <string_view>

namespace dcc::tools::lsdistcc {

// The whole request, written in one go.
std::string probe_request(int protocol, const std::string& compiler);

enum class ProbeVerdict { pending, up, down };

class ProbeReplyCheck {
public:
    explicit ProbeReplyCheck(int protocol) : m_protocol(protocol) {}

    // More bytes from the server.  Returns the verdict so far.
    ProbeVerdict feed(std::string_view bytes);
    // The server closed the connection.
    ProbeVerdict end_of_stream();
    ProbeVerdict verdict() const { return m_verdict; }
    // The first bytes of the answer (up to the DONE and STAT headers), for -v -v -v.
    const std::string& head() const { return m_head; }

private:
    int m_protocol;
    std::string m_head;  // the first 24 bytes: DONE and STAT headers
    ProbeVerdict m_verdict = ProbeVerdict::pending;
    bool m_head_ok = false;
};

}  // namespace dcc::tools::lsdistcc
