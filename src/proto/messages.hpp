// SPDX-License-Identifier: GPL-2.0-or-later
// The request and reply sequences of distcc protocols 1, 2 and 3, written and read
// over a Source/Sink.  Shared by the client (writes requests, reads replies), the
// daemon (the reverse), lsdistcc probes, tests and fuzzers.
//
// Grammar (doc/protocol.md §5; C>S = client to server, S>C = server to client):
//
//   request_v1_v2 := DIST(v) ARGC(n) ARGV{n} DOTI                      C>S
//   request_v3    := DIST(3) CDIR ARGC(n) ARGV{n} NFIL(m) entry{m}     C>S
//   entry         := NAME ( FILE | LINK )                              C>S
//   reply_v1_v2   := DONE(v) STAT SERR SOUT DOTO                       S>C
//   reply_v3_ok   := DONE(3) STAT SERR SOUT DOTO DOTD    ; STAT == 0   S>C
//   reply_v3_fail := DONE(3) STAT SERR SOUT DOTO(0)      ; STAT != 0   S>C
//
// The extension of doc/protocol.md §16 (our client and daemon only):
//
//   probe         := DIST(4)                                            C>S
//   probe_answer  := DONE(4) XCAP(bits)                                 S>C
//   request_x     := DIST(v) CDIR ARGC(n) ARGV{n} XINS(k) XINP{k} DOTI  C>S  v = 5, 6
//   reply_x_ok    := DONE(v) STAT SERR SOUT DOTO XOUT(m) (XKND XFIL){m} S>C  STAT == 0
//   reply_x_fail  := DONE(v) STAT SERR SOUT DOTO(0)                     S>C
//
// v 6 compresses like v 2 (XINP and XFIL too).
//
// v >= 2 compresses DOTI, FILE, SERR, SOUT, DOTO, DOTD with LZO1X-1 (FILE bodies are
// pre-compressed by the include server and travel verbatim).  An empty bulk item is
// PARAM 0 with no body.  DONE repeats the request's version; a version outside 1..3
// is refused (upstream also serves 0 -- we do not).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "proto/limits.hpp"
#include "proto/packet.hpp"
#include "proto/stream.hpp"

namespace dcc::proto {

inline constexpr int k_min_version = 1;
inline constexpr int k_max_version = 3;    // the versions distcc 3.4 speaks
inline constexpr int k_probe_version = 4;  // doc/protocol.md §16.1
inline constexpr int k_side_version = 5;   // v1 + side files; 6 is v2 + side files
inline constexpr int k_max_ext_version = 6;
inline constexpr uint32_t k_cap_side_files = 1;  // XCAP bit 0
inline constexpr uint32_t k_cap_coverage = 2;    // XCAP bit 1: gcc coverage jobs (doc/protocol.md §16.6)
// XCAP bit 2: clang coverage jobs and climbing output words (doc/protocol.md §16.7).
inline constexpr uint32_t k_cap_clang_coverage = 4;
inline constexpr uint32_t k_max_side_files = 4;  // XOUT

inline Compression compression_for(int version) {
    return version == 2 || version == 3 || version == 6 ? Compression::lzo : Compression::none;
}
inline bool server_preprocesses(int version) { return version == 3; }
inline bool carries_side_files(int version) { return version == 5 || version == 6; }
// The side-file version for a plain version (1 or 2).
inline int side_version_for(int plain_version) { return plain_version + 4; }

// One entry of the protocol-3 file list.
struct FileEntry {
    enum class Kind { file, link };
    Kind kind = Kind::file;
    std::string name;  // absolute client path
    std::string body;  // FILE: LZO bytes exactly as on the wire; LINK: target string
    bool operator==(const FileEntry&) const = default;
};

struct Request {
    int version = 1;
    std::string cwd;                // v3, v5, v6
    std::vector<std::string> argv;  // argv[0] is the compiler
    std::string doti;               // v1/v2: preprocessed source, uncompressed
    std::vector<FileEntry> files;   // v3
    std::vector<std::string> extra_inputs;  // v5/v6: XINP bodies, uncompressed
    bool operator==(const Request&) const = default;
};

struct Reply {
    int version = 1;
    uint32_t status = 0;  // raw wait status of the compiler
    std::string serr;
    std::string sout;
    std::string doto;
    std::optional<std::string> dotd;  // v3 and status == 0 only
    struct SideFile {
        uint32_t kind = 0;  // XKND (compiler::SideKind)
        std::string body;
        bool operator==(const SideFile&) const = default;
    };
    std::vector<SideFile> side_files;  // v5/v6 and status == 0 only
    // v5/v6 and status != 0: the server could not serve the job's side outputs (an
    // XOUT(0) after DOTO(0); doc/protocol.md §16.2 reply_x_unserved), SERR says why.
    bool unserved = false;
    bool operator==(const Reply&) const = default;
};

// --- requests, piece by piece (the client overlaps them with preprocessing) ---
Status write_request_header(Sink& sink, int version, const std::string& cwd, const std::vector<std::string>& argv);
Status write_doti(Sink& sink, int version, std::string_view doti);
Status write_file_list(Sink& sink, const std::vector<FileEntry>& files);
Status write_extra_inputs(Sink& sink, int version, const std::vector<std::string_view>& bodies);  // XINS XINP*
Status write_request(Sink& sink, const Request& request);  // whole request, flushed

Result<int> read_request_version(Source& source);  // DIST
Result<std::string> read_cwd(Source& source, const Limits& limits);  // CDIR
Result<std::vector<std::string>> read_argv(Source& source, const Limits& limits);  // ARGC ARGV*
Result<std::string> read_doti(Source& source, int version, const Limits& limits);
Result<FileEntry> read_file_entry(Source& source, const Limits& limits);  // NAME (FILE|LINK)
Result<uint32_t> read_file_count(Source& source, const Limits& limits);  // NFIL
Result<std::vector<std::string>> read_extra_inputs(Source& source, int version, const Limits& limits);  // XINS XINP*
Result<Request> read_request(Source& source, const Limits& limits);  // whole request (not the probe)

// --- the probe (doc/protocol.md §16.1) ---
Status write_probe(Sink& sink);                        // DIST(4), flushed
Status write_probe_answer(Sink& sink, uint32_t bits);  // DONE(4) XCAP, flushed
Result<uint32_t> read_probe_answer(Source& source);    // DONE(4) XCAP -> bits

// --- replies ---
// `reply.dotd` is sent only for v3 success (empty when absent), the side files
// only for v5/v6 success.
Status write_reply(Sink& sink, const Reply& reply);

enum class WantDotd { no, yes };
// Read a reply for a request of `version`.  With WantDotd::yes and a v3 success, a
// missing or malformed DOTD is a protocol error (upstream silently accepted it).
Result<Reply> read_reply(Source& source, int version, WantDotd want_dotd, const Limits& limits);

}  // namespace dcc::proto
