// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of remote_compile.hpp (upstream dcc_compile_remote and
// dcc_retrieve_results, plain mode).  The preprocessor is waited for *before* the
// first byte is sent: if it fails, the connection is dropped unused and the host is
// not blamed, and the whole request then leaves in one corked burst.
#include "client/remote_compile.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <variant>

#include "auth/auth.hpp"
#include "client/local_compile.hpp"
#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "proto/messages.hpp"
#include "proto/stream.hpp"

namespace dcc::client {
namespace {

using Kind = AttemptResult::Kind;
using Role = StateWriter::Role;

// Counts the bytes read, so "closed before answering" can be told from "broke off
// in the middle of the reply".
class CountingSource final : public proto::Source {
public:
    explicit CountingSource(proto::Source& inner) : m_inner(inner) {}
    Status read_exact(char* data, std::size_t size) override {
        Status status = m_inner.read_exact(data, size);
        if (status) m_count += size;
        return status;
    }
    std::string read_available(std::size_t max) override { return m_inner.read_available(max); }
    std::size_t count() const { return m_count; }

private:
    proto::Source& m_inner;
    std::size_t m_count = 0;
};

// Counts the bytes written (the job journal's bytes_sent).
class CountingSink final : public proto::Sink {
public:
    explicit CountingSink(proto::Sink& inner) : m_inner(inner) {}
    Status write(std::string_view data) override {
        Status status = m_inner.write(data);
        if (status) m_count += data.size();
        return status;
    }
    Status flush() override { return m_inner.flush(); }
    std::size_t count() const { return m_count; }

private:
    proto::Sink& m_inner;
    std::size_t m_count = 0;
};

AttemptResult failure(Kind kind, ExitCode code, std::string message) {
    AttemptResult result;
    result.kind = kind;
    result.error_code = code;
    result.message = std::move(message);
    return result;
}

// The probe's reply comes at once from any daemon (doc/protocol.md §16.1).
constexpr int k_probe_timeout_ms = 10000;

double seconds_since(double start) { return clock::monotonic_seconds() - start; }

// Wait for the preprocessor; nullopt when it succeeded.
std::optional<AttemptResult> finish_preprocessor(PreprocessedSource& source, const RemoteRequest& request) {
    if (!source.runs_preprocessor()) return std::nullopt;
    auto status = source.wait();
    if (!status) return failure(Kind::cpp_failed, status.error().code, status.error().message);
    log_critique(*status, "cpp", request.input, "localhost");
    if (*status == 0) return std::nullopt;
    AttemptResult result = failure(Kind::cpp_failed, ExitCode::ok, "preprocessor " + exec::describe_status(*status));
    result.exit_code = exec::exit_code_of(*status);
    return result;
}

// Plain mode speaks protocol 1, or 2 with ,lzo.  A pump host (,cpp,lzo) gets the
// plain job in protocol 2, as upstream does whenever the include server cannot help.
int plain_protocol(const HostSpec& host) { return std::min(host.protocol(), 2); }

// A job with side files speaks 5 or 6 instead (doc/protocol.md §16.2).
int request_protocol(const RemoteRequest& request) {
    int plain = plain_protocol(*request.host);
    return request.side ? proto::side_version_for(plain) : plain;
}

Status send_request(proto::Sink& sink, const RemoteRequest& request, std::string_view doti) {
    int version = request_protocol(request);
    DCC_TRY(proto::write_request_header(sink, version, request.side ? request.side->cwd : std::string(),
                                        request.server_argv));
    if (request.side) {
        std::vector<std::string_view> bodies(request.side->inputs.begin(), request.side->inputs.end());
        DCC_TRY(proto::write_extra_inputs(sink, version, bodies));
    }
    DCC_TRY(proto::write_doti(sink, version, doti));
    return sink.flush();
}

// The side outputs of a reply, each where a local compile writes it.
std::optional<AttemptResult> store_side_files(const proto::Reply& reply, const SidePayload& side) {
    for (const proto::Reply::SideFile& file : reply.side_files) {
        auto wanted = std::find_if(side.outputs.begin(), side.outputs.end(), [&](const compiler::SideOutput& o) {
            return static_cast<uint32_t>(o.kind) == file.kind;
        });
        if (wanted == side.outputs.end())
            return failure(Kind::transport_error, ExitCode::protocol_error,
                           strings::format("bad reply: side output of kind %u that the command does not write",
                                           file.kind));
        auto written = files::write_file_atomic(wanted->path, file.body);
        if (!written) return failure(Kind::output_failed, ExitCode::io_error, written.error().message);
    }
    return std::nullopt;
}

// Store what a successful compile produced: the object (atomically), then the
// compiler's stdout and stderr.
std::optional<AttemptResult> store_results(const proto::Reply& reply, const RemoteRequest& request) {
    if (request.side)
        if (auto failed = store_side_files(reply, *request.side)) return failed;
    auto written = files::write_file_atomic(request.output, reply.doto);
    if (!written) return failure(Kind::output_failed, ExitCode::io_error, written.error().message);
    if (!reply.sout.empty()) {
        auto out = io::write_all(STDOUT_FILENO, reply.sout, io::k_no_timeout);
        if (!out) return failure(Kind::output_failed, ExitCode::io_error, "writing compiler stdout: " + out.error().message);
    }
    if (!reply.serr.empty()) (void)io::write_all(STDERR_FILENO, reply.serr, io::k_no_timeout);
    return std::nullopt;
}

AttemptResult judge_reply(const proto::Reply& reply, const RemoteRequest& request, std::size_t doti_size,
                          double start) {
    int status = static_cast<int>(reply.status);
    if (status == 0) {
        if (auto failed = store_results(reply, request)) return *failed;
        double elapsed = seconds_since(start);
        if (log::enabled(log::Level::info))
            log::writef(log::Level::info, nullptr, "%zu bytes from %s compiled on %s in %.4fs, rate %.0fkB/s",
                        doti_size, request.input.c_str(), request.host->hostname.c_str(), elapsed,
                        elapsed > 0 ? static_cast<double>(doti_size) / 1024.0 / elapsed : 0.0);
    }
    AttemptResult result;
    if (status == 0) {
        log_critique(status, "compile", request.input, request.host->text);
        return result;
    }
    if (reply.unserved) {
        // The server's one-line reason, for the fallback warning.
        std::string reason = strings::printable_prefix(reply.serr.substr(0, reply.serr.find('\n')), 1000);
        return failure(Kind::unserved, ExitCode::distcc_failed, reason);
    }
    // Info only: the fallback warning names the remote failure, and a local
    // recompile (the default) reports the real diagnostics.
    if (log::enabled(log::Level::info))
        log::writef(log::Level::info, nullptr, "compile %s on %s %s", request.input.c_str(),
                    request.host->text.c_str(), exec::describe_status(status).c_str());
    result.exit_code = exec::exit_code_of(status);
    result.message = exec::describe_status(status);
    bool genuine = WIFEXITED(status) && WEXITSTATUS(status) < 128;
    result.kind = genuine ? Kind::compile_failed : Kind::compiler_crashed;
    return result;
}

// Send the whole request in one corked burst.
std::optional<AttemptResult> send_phase(Connection& connection, const RemoteRequest& request, std::string_view doti,
                                        const RemoteSettings& settings, std::size_t& bytes_sent) {
    connection.cork(true);
    proto::FdSink fd_sink(connection.write_fd(), settings.io_timeout_ms);
    CountingSink sink(fd_sink);
    auto sent = send_request(sink, request, doti);
    bytes_sent = sink.count();
    connection.cork(false);
    if (sent) return std::nullopt;
    return failure(Kind::transport_error, sent.error().code, "failed to send the request: " + sent.error().message);
}

// A reply that could not be read: a silent hang-up is a refusal (the daemon checks
// access and the compiler whitelist after reading the request), anything else a
// broken transfer.
AttemptResult reading_failed(const HostSpec& host, const Error& error, bool nothing_received) {
    if (nothing_received && host.mode == HostMode::ssh)
        return failure(Kind::transport_error, error.code,
                       "the ssh tunnel closed without an answer (see ssh's own messages)");
    if (nothing_received)
        return failure(Kind::no_answer, error.code, "server closed the connection without answering: " + error.message);
    return failure(Kind::transport_error, error.code, "bad reply: " + error.message);
}

// Wait for the compile (phase Compile), then read the reply (phase Receive).
std::variant<proto::Reply, AttemptResult> receive_phase(Connection& connection, const HostSpec& host,
                                                        const RemoteSettings& settings, StateWriter& state, int version,
                                                        proto::WantDotd want_dotd, std::size_t& bytes_received) {
    state.note(Role::remote, proto::Phase::compile, std::nullopt, host.hostname);
    auto readable = io::wait_readable(connection.read_fd(), settings.io_timeout_ms);
    if (!readable)
        return failure(Kind::transport_error, ExitCode::io_error, "no reply from the server: " + readable.error().message);
    state.note(Role::remote, proto::Phase::receive);
    proto::FdSource fd_source(connection.read_fd(), settings.io_timeout_ms);
    CountingSource counting(fd_source);
    auto reply = proto::read_reply(counting, version, want_dotd, proto::Limits{});
    bytes_received = counting.count();
    if (!reply) return reading_failed(host, reply.error(), counting.count() == 0);
    return std::move(*reply);
}

// The GSS-API handshake with a `,auth` host (doc/protocol.md §11, upstream
// dcc_gssapi_perform_requested_security), before anything of the job is sent: a
// server that cannot be authenticated never sees the source.
std::optional<AttemptResult> authenticate(Connection& connection, const HostSpec& host,
                                          const RemoteSettings& settings) {
    if (!host.auth) return std::nullopt;
    auth::ClientSettings auth_settings;
    auth_settings.server_name = host.auth_name;
    if (settings.service_principal) auth_settings.service_principal = std::string(*settings.service_principal);
    auth_settings.io_timeout_ms = settings.io_timeout_ms;
    Status authenticated = auth::authenticate_to_server(connection.read_fd(), connection.write_fd(), auth_settings);
    if (authenticated) return std::nullopt;
    connection.abort();
    return failure(Kind::transport_error, authenticated.error().code, authenticated.error().message);
}

// Connect (phase Connect) and authenticate a `,auth` host.
std::variant<Connection, AttemptResult> open_phase(const RemoteRequest& request, const RemoteSettings& settings,
                                                   StateWriter& state, Connector& connector) {
    const HostSpec& host = *request.host;
    state.note(Role::remote, proto::Phase::connect, request.input, host.hostname, request.slot);
    auto connection = connector.open(host, settings.transport);
    if (!connection) return failure(Kind::transport_error, connection.error().code, connection.error().message);
    if (auto failed = authenticate(*connection, host, settings)) return *failed;
    return std::move(*connection);
}

// Connect (phase Connect) while the preprocessor runs, then wait for it (phase
// Preprocess).  On success the preprocessed text is mapped in `doti`.
std::variant<Connection, AttemptResult> connect_phase(const RemoteRequest& request, PreprocessedSource& source,
                                                      const RemoteSettings& settings, StateWriter& state,
                                                      Connector& connector, MappedFile& doti) {
    auto opened = open_phase(request, settings, state, connector);
    if (auto* failed = std::get_if<AttemptResult>(&opened)) return std::move(*failed);
    Connection& connection = std::get<Connection>(opened);
    state.note(Role::remote, proto::Phase::preprocess);
    // On failure nothing was sent yet: the daemon just sees a closed connection.
    if (auto failed = finish_preprocessor(source, request)) return *failed;
    auto text = source.map_text();
    if (!text) {
        AttemptResult result = failure(Kind::cpp_failed, text.error().code, text.error().message);
        result.exit_code = to_int(text.error().code);
        return result;
    }
    doti = std::move(*text);
    return std::move(connection);
}

}  // namespace

RemoteOutcome run_remote_attempt(const RemoteRequest& request, PreprocessedSource& source,
                                 const RemoteSettings& settings, StateWriter& state, Connector& connector) {
    RemoteOutcome outcome;
    double start = clock::monotonic_seconds();
    if (log::enabled(log::Level::info))
        log::writef(log::Level::info, nullptr, "exec on %s: %s", request.host->text.c_str(),
                    strings::join(request.server_argv, " ").c_str());
    MappedFile doti;
    auto connected = connect_phase(request, source, settings, state, connector, doti);
    if (auto* failed = std::get_if<AttemptResult>(&connected)) {
        outcome.attempt = std::move(*failed);
        return outcome;
    }
    Connection& connection = std::get<Connection>(connected);
    state.note(Role::remote, proto::Phase::send);
    std::string_view text = source.text(doti);
    if (auto failed = send_phase(connection, request, text, settings, outcome.bytes_sent)) {
        connection.abort();
        outcome.attempt = std::move(*failed);
        return outcome;
    }
    auto received = receive_phase(connection, *request.host, settings, state, request_protocol(request),
                                  proto::WantDotd::no, outcome.bytes_received);
    if (auto* failed = std::get_if<AttemptResult>(&received)) {
        connection.abort();
        outcome.attempt = std::move(*failed);
        return outcome;
    }
    connection.close();
    proto::Reply& reply = std::get<proto::Reply>(received);
    outcome.attempt = judge_reply(reply, request, text.size(), start);
    if (outcome.attempt.kind != Kind::success) outcome.server_stderr = std::move(reply.serr);
    return outcome;
}

std::optional<std::uint32_t> run_side_probe(const HostSpec& host, const RemoteSettings& settings, StateWriter& state,
                                            Connector& connector) {
    RemoteRequest request;
    request.host = &host;
    auto opened = open_phase(request, settings, state, connector);
    if (auto* failed = std::get_if<AttemptResult>(&opened)) {
        DCC_INFO("cannot probe %s: %s", host.text.c_str(), failed->message.c_str());
        return std::nullopt;
    }
    Connection& connection = std::get<Connection>(opened);
    proto::FdSink sink(connection.write_fd(), settings.io_timeout_ms);
    if (Status sent = proto::write_probe(sink); !sent) {
        connection.abort();
        return std::nullopt;
    }
    proto::FdSource fd_source(connection.read_fd(), std::min(settings.io_timeout_ms, k_probe_timeout_ms));
    CountingSource counting(fd_source);
    auto bits = proto::read_probe_answer(counting);
    if (!bits) {
        connection.abort();
        bool silent = counting.count() == 0 && bits.error().code == ExitCode::truncated;
        DCC_INFO("%s %s the side-file probe: %s", host.text.c_str(), silent ? "closed without answering" : "failed",
                 bits.error().message.c_str());
        if (silent) return 0;
        return std::nullopt;
    }
    connection.close();
    DCC_INFO("%s answered the side-file probe with capabilities %x", host.text.c_str(), *bits);
    return *bits;
}

RemoteOutcome run_pump_attempt(const RemoteRequest& request, const PumpPayload& payload,
                               const RemoteSettings& settings, StateWriter& state, Connector& connector) {
    RemoteOutcome outcome;
    double start = clock::monotonic_seconds();
    if (log::enabled(log::Level::info))
        log::writef(log::Level::info, nullptr, "exec on %s (pump, %zu files): %s", request.host->text.c_str(),
                    payload.files.size(), strings::join(request.server_argv, " ").c_str());
    auto opened = open_phase(request, settings, state, connector);
    if (auto* failed = std::get_if<AttemptResult>(&opened)) {
        outcome.attempt = std::move(*failed);
        return outcome;
    }
    Connection& connection = std::get<Connection>(opened);
    state.note(Role::remote, proto::Phase::send);
    connection.cork(true);
    proto::FdSink fd_sink(connection.write_fd(), settings.io_timeout_ms);
    CountingSink sink(fd_sink);
    Status sent = proto::write_request_header(sink, 3, payload.cwd, request.server_argv);
    if (sent) sent = proto::write_file_list(sink, payload.files);
    if (sent) sent = sink.flush();
    outcome.bytes_sent = sink.count();
    connection.cork(false);
    if (!sent) {
        connection.abort();
        outcome.attempt = failure(Kind::transport_error, sent.error().code,
                                  "failed to send the request: " + sent.error().message);
        return outcome;
    }
    proto::WantDotd want = payload.dotd_path ? proto::WantDotd::yes : proto::WantDotd::no;
    auto received = receive_phase(connection, *request.host, settings, state, 3, want, outcome.bytes_received);
    if (auto* failed = std::get_if<AttemptResult>(&received)) {
        connection.abort();
        outcome.attempt = std::move(*failed);
        return outcome;
    }
    connection.close();
    proto::Reply& reply = std::get<proto::Reply>(received);
    std::size_t sent_bytes = 0;
    for (const proto::FileEntry& entry : payload.files) sent_bytes += entry.body.size();
    outcome.attempt = judge_reply(reply, request, sent_bytes, start);
    if (outcome.attempt.kind != Kind::success) {
        outcome.server_stderr = std::move(reply.serr);
        return outcome;
    }
    // The .d file the server rewrote to client paths (doc/pump.md ".d files").
    if (payload.dotd_path && reply.dotd) {
        auto written = files::write_file_atomic(*payload.dotd_path, *reply.dotd);
        if (!written) outcome.attempt = failure(Kind::output_failed, ExitCode::io_error, written.error().message);
    }
    return outcome;
}

}  // namespace dcc::client
