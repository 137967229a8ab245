// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of request.hpp (upstream dcc_r_request_header, dcc_r_argv,
// dcc_scan_args on the server, and dcc_r_file for DOTI).
#include "daemon/request.hpp"

#include <memory>
#include <utility>

#include "common/io.hpp"
#include "common/strings.hpp"
#include "compiler/source_kind.hpp"
#include "proto/lzo_stream.hpp"
#include "proto/messages.hpp"
#include "proto/packet.hpp"

namespace dcc::daemon {
namespace {

constexpr std::size_t k_copy_chunk = 1024 * 1024;

// One buffer per process for copying DOTI bodies (a fresh allocation of this size
// would be an mmap/munmap pair per job).
char* copy_buffer() {
    static const std::unique_ptr<char[]> buffer(new char[k_copy_chunk]);
    return buffer.get();
}

Refusal not_distributable(const compiler::ScanResult& scan, const std::vector<std::string>& argv) {
    Refusal r;
    r.rule = "not_distributable";
    r.argument = strings::join(argv, " ");
    r.reason = strings::format("the client's own scanner would compile this locally (%s)", compiler::describe(scan.reason));
    r.level = log::Level::error;
    // Upstream returns the scanner's code: EXIT_LOCAL_CPP for -E, else EXIT_DISTCC_FAILED.
    r.code = scan.reason == compiler::LocalReason::preprocess_only ? ExitCode::local_cpp : ExitCode::distcc_failed;
    return r;
}

Status write_out(int fd, const char* data, std::size_t size) {
    auto written = io::write_all(fd, data, size, io::k_no_timeout);
    if (!written) return make_error(ExitCode::io_error, "writing the input file: " + written.error().message);
    return {};
}

// A failure while the client should be sending a body means it went away (upstream
// reports EOF inside a file as CLI_DISCONN, EXIT_IO_ERROR).
Error body_error(Error error) {
    if (error.code == ExitCode::truncated) error.code = ExitCode::io_error;
    return error;
}

// Remembers whether a read from the client failed (as opposed to the data being bad).
class RecordingSource final : public proto::Source {
public:
    explicit RecordingSource(proto::Source& inner) : m_inner(inner) {}
    Status read_exact(char* data, std::size_t size) override {
        Status got = m_inner.read_exact(data, size);
        if (!got) m_failed = true;
        return got;
    }
    std::string read_available(std::size_t max) override { return m_inner.read_available(max); }
    bool failed() const { return m_failed; }

private:
    proto::Source& m_inner;
    bool m_failed = false;
};

}  // namespace

Refusal refusal_from_error(const Error& error) {
    Refusal r;
    r.rule = "protocol";
    r.reason = error.message;
    r.code = error.code;
    r.level = log::Level::error;
    return r;
}

CheckedOrRefused read_and_check_header(proto::Source& source, const proto::Limits& limits,
                                       const AdmissionPolicy& policy, const compiler::FileProbe& probe) {
    auto version = proto::read_request_version(source);
    if (!version) return refusal_from_error(version.error());
    if (*version == proto::k_probe_version) {
        CheckedRequest probe;
        probe.version = *version;
        return probe;
    }
    std::string cwd;
    if (proto::server_preprocesses(*version) || proto::carries_side_files(*version)) {
        auto read = proto::read_cwd(source, limits);
        if (!read) return refusal_from_error(read.error());
        auto checked_cwd = split_client_path(*read, limits.max_path_depth, true);
        if (!checked_cwd) {
            Refusal r = refusal_from_error(checked_cwd.error());
            r.argument = "CDIR";
            return r;
        }
        cwd = std::move(*read);
    }
    auto argv = proto::read_argv(source, limits);
    if (!argv) return refusal_from_error(argv.error());
    auto scan = compiler::scan_args(*argv);
    if (!scan) {
        Refusal r = refusal_from_error(scan.error());
        r.rule = "not_distributable";
        r.argument = (*argv)[0];
        r.code = ExitCode::distcc_failed;
        return r;
    }
    if (!scan->distribute()) return not_distributable(*scan, *argv);
    if (!proto::carries_side_files(*version) && compiler::plan_side_files(*scan).coverage) {
        // Coverage needs the extension (doc/protocol.md §16.6): local, as 3.4 decides.
        scan->decision = compiler::ScanResult::Decision::local;
        scan->reason = compiler::LocalReason::profiling;
        return not_distributable(*scan, *argv);
    }
    // Admission may replace the compiler's name (DISTCC_CMDLIST); the scan keeps the
    // name the client sent.
    CheckedRequest checked;
    if (proto::carries_side_files(*version)) {
        checked.side = compiler::plan_side_files(*scan);
        if (checked.side.unusable) {
            Refusal r;
            r.rule = "side_files";
            r.argument = scan->output;
            r.reason = "the extension cannot serve this job: " + *checked.side.unusable;
            r.level = log::Level::error;
            return r;
        }
    }
    // The argument policy never sees the words the daemon serves itself.
    std::vector<std::string> admitted = compiler::policy_view(scan->argv, checked.side);
    if (auto refusal = admit_command(admitted, policy, probe)) return *refusal;
    checked.version = *version;
    checked.cwd = std::move(cwd);
    checked.compiler = std::move(admitted[0]);
    checked.scan = std::move(*scan);
    return checked;
}

Result<std::size_t> receive_doti(proto::Source& source, int version, const proto::Limits& limits, int out_fd) {
    auto length = proto::read_value(source, proto::Token::doti);
    if (!length) return std::move(length).error();
    if (*length > limits.max_item_size)
        return make_error(ExitCode::protocol_error, strings::format("DOTI length %u exceeds the limit of %zu bytes",
                                                                    *length, limits.max_item_size));
    if (proto::compression_for(version) == proto::Compression::lzo && *length > 0) {
        // Streamed to the file through a fixed window: memory stays bounded whatever
        // the data decompresses to (doc/security.md §1); the cap applies on disk.
        RecordingSource recorded(source);
        bool write_failed = false;
        auto plain = proto::lzo_decompress_stream(recorded, *length, limits.max_item_size, [&](std::string_view piece) {
            Status written = write_out(out_fd, piece.data(), piece.size());
            write_failed = !written;
            return written;
        });
        if (plain) return *plain;
        if (recorded.failed()) return body_error(std::move(plain).error());
        if (write_failed) return std::move(plain).error();
        return make_error(ExitCode::protocol_error, "DOTI: " + plain.error().message);
    }
    // Uncompressed: copy through a fixed buffer straight into the file.
    char* chunk = copy_buffer();
    for (uint32_t left = *length; left > 0;) {
        std::size_t step = left < k_copy_chunk ? left : k_copy_chunk;
        auto got = source.read_exact(chunk, step);
        if (!got) return body_error(std::move(got).error());
        DCC_TRY(write_out(out_fd, chunk, step));
        left -= static_cast<uint32_t>(step);
    }
    return static_cast<std::size_t>(*length);
}

Status receive_file_list(proto::Source& source, const proto::Limits& limits, PumpTree& tree) {
    auto count = proto::read_file_count(source, limits);
    if (!count) return body_error(std::move(count).error());
    for (uint32_t i = 0; i < *count; ++i) {
        RecordingSource recorded(source);
        auto entry = proto::read_file_entry(recorded, limits);
        if (!entry) return recorded.failed() ? body_error(std::move(entry).error()) : std::move(entry).error();
        Status added = entry->kind == proto::FileEntry::Kind::file ? tree.add_file(entry->name, entry->body)
                                                                   : tree.add_link(entry->name, entry->body);
        if (!added) return added;
    }
    return {};
}

std::string input_extension(const std::string& input_word) {
    auto ext = compiler::preprocessed_extension(input_word);
    if (!ext || *ext == ".s") return ".tmp";
    return std::string(*ext);
}

}  // namespace dcc::daemon
