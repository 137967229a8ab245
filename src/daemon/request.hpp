// SPDX-License-Identifier: GPL-2.0-or-later
// The receiving half of a job: read the request header (DIST, ARGC/ARGV), judge it
// (protocol version, the client's own argument scanner re-run on the argv, compiler
// admission), and stream the DOTI body into the job's input file.  Judging comes
// before the body is read, so a refused request costs no disk.  Every outcome other
// than acceptance is a Refusal value; nothing here logs, spawns or replies.  Protocol
// 3 (pump mode) reads CDIR before the argv and, instead of DOTI, a file list that
// receive_file_list() unpacks into the job's PumpTree.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "compiler/file_probe.hpp"
#include "compiler/scan_args.hpp"
#include "compiler/side_files.hpp"
#include "daemon/admission.hpp"
#include "daemon/pump_tree.hpp"
#include "daemon/refusal.hpp"
#include "proto/limits.hpp"
#include "proto/stream.hpp"

namespace dcc::daemon {

struct CheckedRequest {
    int version = 1;                   // proto::k_probe_version: a capability probe, nothing else is set
    std::string cwd;                   // protocol 3, 5, 6: the client's CDIR
    compiler::SidePlan side;           // protocol 5, 6: side outputs and declared inputs (doc/protocol.md §16)
    compiler::ScanResult scan;         // our scan of the received argv (distributable)
    std::string compiler;              // argv[0] to run (possibly from DISTCC_CMDLIST)
};

using CheckedOrRefused = std::variant<CheckedRequest, Refusal>;

// Read DIST and ARGC/ARGV from `source` and decide.  For versions 5 and 6 the argument
// policy sees the argv without the words the daemon serves (doc/protocol.md §16.4).
CheckedOrRefused read_and_check_header(proto::Source& source, const proto::Limits& limits,
                                       const AdmissionPolicy& policy, const compiler::FileProbe& probe);

// Receive the DOTI of a protocol 1 or 2 request into `out_fd` (uncompressed) and
// return its length.  Errors: truncated/io_error from the client, protocol_error for
// a bad header or a body over the limit, io_error for a failed write.
Result<std::size_t> receive_doti(proto::Source& source, int version, const proto::Limits& limits, int out_fd);

// Receive the NFIL and NAME (FILE|LINK) entries of a protocol 3 request into `tree`
// (doc/protocol.md §9, doc/security.md §5).  Errors: truncated/io_error from the
// client, protocol_error for a refused name, a count or size over the limits.
Status receive_file_list(proto::Source& source, const proto::Limits& limits, PumpTree& tree);

// The extension of the input file the daemon writes (doc/client.md §4): ".i",
// ".ii", ".mi", ".mii", else ".tmp".
std::string input_extension(const std::string& input_word);

// The Refusal for a failed read or receive, with the category's exit code.
Refusal refusal_from_error(const Error& error);

}  // namespace dcc::daemon
