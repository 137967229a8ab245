// SPDX-License-Identifier: GPL-2.0-or-later
// The sending half of a job: DONE STAT SERR SOUT DOTO (doc/protocol.md §5.4),
// (plus the side files of versions 5 and 6, doc/protocol.md §16.2), with the bulk items taken straight from the job's files, each read once.  A reply
// leaves in one gathered write; a protocol-1 object of a megabyte or more goes from
// its file to the socket with sendfile(2), corked (DISTCC_TCP_CORK) so the headers
// and its first bytes share a segment.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "proto/messages.hpp"

namespace dcc::daemon {

struct ReplyFiles {
    int version = 1;
    uint32_t status = 0;  // the compiler's wait status (or a synthesised one)
    int stderr_fd = -1;   // read from offset 0
    int stdout_fd = -1;
    int object_fd = -1;   // only when status == 0
    const std::string* dotd = nullptr;  // protocol 3 and status == 0: the rewritten .d (DOTD)
    // Versions 5/6 and status == 0: XOUT (XKND XFIL)* (doc/protocol.md §16.2).
    const std::vector<proto::Reply::SideFile>* side_files = nullptr;
};

Status send_reply(int out_fd, const ReplyFiles& files, bool cork, int timeout_ms);

// Versions 5/6: reply_x_unserved (doc/protocol.md §16.2) -- the server cannot serve
// this job's side outputs; `message` goes in SERR, STAT is exit status 100.
Status send_unserved_reply(int out_fd, int version, const std::string& message, int timeout_ms);

}  // namespace dcc::daemon
