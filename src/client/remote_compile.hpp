// SPDX-License-Identifier: GPL-2.0-or-later
// One plain-mode attempt on one remote host (doc/client.md §6 and §9, doc/protocol.md
// §5-7 and §11): connect, authenticate a `,auth` host, wait for the
// preprocessor, send DIST/ARGC/ARGV/DOTI in protocol 1 or 2, read DONE/STAT/SERR/
// SOUT/DOTO, and on success write the object atomically (temp file + rename) and
// pass the compiler's output through.  It reports
// what happened as an AttemptResult; retrying, backoff and fallback are decided by
// fallback.hpp and carried out by the job flow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection.hpp"
#include "client/fallback.hpp"
#include "client/host_spec.hpp"
#include "client/preprocess.hpp"
#include "client/state_writer.hpp"
#include "compiler/side_files.hpp"
#include "proto/messages.hpp"

namespace dcc::client {

// What a job of versions 5/6 adds (doc/protocol.md §16.2): the client's working
// directory, the declared inputs' bytes in argv order, and where side outputs go.
struct SidePayload {
    std::string cwd;
    std::vector<std::string> inputs;
    std::vector<compiler::SideOutput> outputs;  // paths relative to the working directory
    bool coverage = false;                      // needs proto::k_cap_coverage (doc/protocol.md §16.6)
    bool clang_coverage = false;                // needs proto::k_cap_clang_coverage instead (§16.7)
};

struct RemoteRequest {
    const HostSpec* host = nullptr;
    int slot = 0;
    std::vector<std::string> server_argv;  // local-only options stripped
    std::string input;                     // as the user wrote it (for messages)
    std::string output;                    // where DOTO goes
    const SidePayload* side = nullptr;     // set: protocol 5 (6 with ,lzo)
};

struct RemoteSettings {
    TransportSettings transport;
    int io_timeout_ms = 300 * 1000;
    // DISTCC_PRINCIPAL: the service a `,auth` host is asked for instead of "host".
    std::optional<std::string_view> service_principal;
};

struct RemoteOutcome {
    AttemptResult attempt;
    std::string server_stderr;  // kept for DISTCC_SKIP_LOCAL_RETRY / DISTCC_FALLBACK=0
    // What went over the connection, for the job journal (journal.hpp).
    std::size_t bytes_sent = 0;
    std::size_t bytes_received = 0;
};

// `connector` reaches the host (NetworkConnector unless a test supplies its own).
// The protocol-3 parts of a pump-mode request (doc/pump.md): the client's working
// directory, the file list from the include server, and where the DOTD goes.
struct PumpPayload {
    std::string cwd;
    std::vector<proto::FileEntry> files;
    std::optional<std::string> dotd_path;  // set when the compile writes a .d file
};

RemoteOutcome run_remote_attempt(const RemoteRequest& request, PreprocessedSource& source,
                                 const RemoteSettings& settings, StateWriter& state, Connector& connector);

// The capability probe (doc/protocol.md §16.1): the XCAP bits the host answered, 0
// when it closed without a byte (distcc 3.4), nullopt when it could not be asked
// (connect failure, timeout, garbage).
std::optional<std::uint32_t> run_side_probe(const HostSpec& host, const RemoteSettings& settings, StateWriter& state,
                                            Connector& connector);

// One pump-mode attempt: DIST(3) CDIR ARGC ARGV NFIL (NAME FILE|LINK)*, then the
// reply with DOTD; `request.server_argv` is the whole scanned argv (plus -MT).  No
// preprocessor runs here.
RemoteOutcome run_pump_attempt(const RemoteRequest& request, const PumpPayload& payload,
                               const RemoteSettings& settings, StateWriter& state, Connector& connector);

}  // namespace dcc::client
