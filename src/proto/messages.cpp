// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of the request/reply sequences of messages.hpp.  The grammar is at
// the top of messages.hpp; each write function has its read counterpart right below.
#include "proto/messages.hpp"

#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::proto {
namespace {

bool sends_cwd(int version) { return server_preprocesses(version) || carries_side_files(version); }

Status check_version(int version) {
    if (version < k_min_version || version > k_max_ext_version || version == k_probe_version)
        return make_error(ExitCode::protocol_error,
                          strings::format("can't handle requested protocol version %d", version));
    return {};
}

}  // namespace

// ---- DIST [CDIR] ARGC ARGV* ------------------------------------------------------

Status write_request_header(Sink& sink, int version, const std::string& cwd, const std::vector<std::string>& argv) {
    DCC_TRY(check_version(version));
    DCC_TRY(write_value(sink, Token::dist, static_cast<uint32_t>(version)));
    if (sends_cwd(version)) DCC_TRY(write_string(sink, Token::cdir, cwd));
    DCC_TRY(write_value(sink, Token::argc, static_cast<uint32_t>(argv.size())));
    for (const std::string& word : argv) DCC_TRY(write_string(sink, Token::argv, word));
    return {};
}

Result<int> read_request_version(Source& source) {
    auto version = read_value(source, Token::dist);
    if (!version) return std::move(version).error();
    if (*version < static_cast<uint32_t>(k_min_version) || *version > static_cast<uint32_t>(k_max_ext_version))
        return make_error(ExitCode::protocol_error,
                          strings::format("can't handle requested protocol version %u", *version));
    return static_cast<int>(*version);
}

Result<std::string> read_cwd(Source& source, const Limits& limits) {
    auto cwd = read_string(source, Token::cdir, limits.max_path_length);
    if (!cwd) return cwd;
    if (cwd->empty() || (*cwd)[0] != '/')
        return make_error(ExitCode::protocol_error, "CDIR is not an absolute path");
    return cwd;
}

Result<std::vector<std::string>> read_argv(Source& source, const Limits& limits) {
    auto argc = read_value(source, Token::argc);
    if (!argc) return std::move(argc).error();
    if (*argc == 0) return make_error(ExitCode::protocol_error, "ARGC is zero");
    if (*argc > limits.max_argc)
        return make_error(ExitCode::protocol_error,
                          strings::format("ARGC %u exceeds the limit of %u", *argc, limits.max_argc));
    std::vector<std::string> argv;
    std::size_t total = 0;
    for (uint32_t i = 0; i < *argc; ++i) {
        auto word = read_string(source, Token::argv, limits.max_arg_length);
        if (!word) return std::move(word).error();
        total += word->size();
        if (total > limits.max_argv_total)
            return make_error(ExitCode::protocol_error,
                              strings::format("arguments exceed the limit of %zu bytes", limits.max_argv_total));
        argv.push_back(std::move(*word));
    }
    return argv;
}

// ---- DOTI (v1, v2) ----------------------------------------------------------------

Status write_doti(Sink& sink, int version, std::string_view doti) {
    return write_bulk(sink, Token::doti, doti, compression_for(version));
}

Result<std::string> read_doti(Source& source, int version, const Limits& limits) {
    return read_bulk(source, Token::doti, compression_for(version), limits.max_item_size);
}

// ---- NFIL (NAME (FILE|LINK))* (v3) ------------------------------------------------

Status write_file_list(Sink& sink, const std::vector<FileEntry>& files) {
    DCC_TRY(write_value(sink, Token::nfil, static_cast<uint32_t>(files.size())));
    for (const FileEntry& entry : files) {
        DCC_TRY(write_string(sink, Token::name, entry.name));
        // FILE bodies are already LZO (or empty for placeholders): sent verbatim.
        DCC_TRY(write_string(sink, entry.kind == FileEntry::Kind::file ? Token::file : Token::link, entry.body));
    }
    return {};
}

Result<uint32_t> read_file_count(Source& source, const Limits& limits) {
    auto count = read_value(source, Token::nfil);
    if (!count) return count;
    if (*count > limits.max_files)
        return make_error(ExitCode::protocol_error,
                          strings::format("NFIL %u exceeds the limit of %u", *count, limits.max_files));
    return count;
}

Result<FileEntry> read_file_entry(Source& source, const Limits& limits) {
    FileEntry entry;
    auto name = read_string(source, Token::name, limits.max_path_length);
    if (!name) return std::move(name).error();
    entry.name = std::move(*name);
    auto header = read_any_header(source);
    if (!header) return std::move(header).error();
    if (header->token == Token::file) {
        entry.kind = FileEntry::Kind::file;
        auto body = read_body(source, header->param, limits.max_item_size, Token::file);
        if (!body) return std::move(body).error();
        entry.body = std::move(*body);
    } else if (header->token == Token::link) {
        entry.kind = FileEntry::Kind::link;
        auto body = read_body(source, header->param, limits.max_path_length, Token::link);
        if (!body) return std::move(body).error();
        entry.body = std::move(*body);
    } else {
        return make_error(ExitCode::protocol_error,
                          strings::format("protocol derailment: expected FILE or LINK after NAME, got %s",
                                          token_info(header->token).text));
    }
    return entry;
}

// ---- XINS XINP* (v5, v6) -----------------------------------------------------------

Status write_extra_inputs(Sink& sink, int version, const std::vector<std::string_view>& bodies) {
    DCC_TRY(write_value(sink, Token::xins, static_cast<uint32_t>(bodies.size())));
    for (std::string_view body : bodies) DCC_TRY(write_bulk(sink, Token::xinp, body, compression_for(version)));
    return {};
}

Result<std::vector<std::string>> read_extra_inputs(Source& source, int version, const Limits& limits) {
    auto count = read_value(source, Token::xins);
    if (!count) return std::move(count).error();
    if (*count > limits.max_extra_inputs)
        return make_error(ExitCode::protocol_error,
                          strings::format("XINS %u exceeds the limit of %u", *count, limits.max_extra_inputs));
    std::vector<std::string> bodies;
    std::size_t total = 0;
    for (uint32_t i = 0; i < *count; ++i) {
        auto body = read_bulk(source, Token::xinp, compression_for(version), limits.max_item_size);
        if (!body) return std::move(body).error();
        total += body->size();
        if (total > limits.max_files_total)
            return make_error(ExitCode::protocol_error, "extra inputs exceed the total limit");
        bodies.push_back(std::move(*body));
    }
    return bodies;
}

// ---- the probe (v4) -----------------------------------------------------------------

Status write_probe(Sink& sink) {
    DCC_TRY(write_value(sink, Token::dist, static_cast<uint32_t>(k_probe_version)));
    return sink.flush();
}

Status write_probe_answer(Sink& sink, uint32_t bits) {
    DCC_TRY(write_value(sink, Token::done, static_cast<uint32_t>(k_probe_version)));
    DCC_TRY(write_value(sink, Token::xcap, bits));
    return sink.flush();
}

Result<uint32_t> read_probe_answer(Source& source) {
    auto done = read_value(source, Token::done);
    if (!done) return std::move(done).error();
    if (*done != static_cast<uint32_t>(k_probe_version))
        return make_error(ExitCode::protocol_error, strings::format("probe answered with version %u", *done));
    return read_value(source, Token::xcap);
}

// ---- whole requests ----------------------------------------------------------------

Status write_request(Sink& sink, const Request& request) {
    DCC_TRY(write_request_header(sink, request.version, request.cwd, request.argv));
    if (carries_side_files(request.version)) {
        std::vector<std::string_view> bodies(request.extra_inputs.begin(), request.extra_inputs.end());
        DCC_TRY(write_extra_inputs(sink, request.version, bodies));
    }
    if (server_preprocesses(request.version))
        DCC_TRY(write_file_list(sink, request.files));
    else
        DCC_TRY(write_doti(sink, request.version, request.doti));
    return sink.flush();
}

Result<Request> read_request(Source& source, const Limits& limits) {
    Request request;
    auto version = read_request_version(source);
    if (!version) return std::move(version).error();
    request.version = *version;
    if (request.version == k_probe_version)
        return make_error(ExitCode::protocol_error, "a capability probe is not a request");
    if (sends_cwd(request.version)) {
        auto cwd = read_cwd(source, limits);
        if (!cwd) return std::move(cwd).error();
        request.cwd = std::move(*cwd);
    }
    auto argv = read_argv(source, limits);
    if (!argv) return std::move(argv).error();
    request.argv = std::move(*argv);
    if (carries_side_files(request.version)) {
        auto extra = read_extra_inputs(source, request.version, limits);
        if (!extra) return std::move(extra).error();
        request.extra_inputs = std::move(*extra);
    }
    if (!server_preprocesses(request.version)) {
        auto doti = read_doti(source, request.version, limits);
        if (!doti) return std::move(doti).error();
        request.doti = std::move(*doti);
        return request;
    }
    auto count = read_file_count(source, limits);
    if (!count) return std::move(count).error();
    std::size_t total = 0;
    for (uint32_t i = 0; i < *count; ++i) {
        auto entry = read_file_entry(source, limits);
        if (!entry) return std::move(entry).error();
        total += entry->body.size();
        if (total > limits.max_files_total)
            return make_error(ExitCode::protocol_error, "file bodies exceed the total limit");
        request.files.push_back(std::move(*entry));
    }
    return request;
}

// ---- replies -----------------------------------------------------------------------

Status write_reply(Sink& sink, const Reply& reply) {
    DCC_TRY(check_version(reply.version));
    Compression compression = compression_for(reply.version);
    DCC_TRY(write_value(sink, Token::done, static_cast<uint32_t>(reply.version)));
    DCC_TRY(write_value(sink, Token::stat, reply.status));
    DCC_TRY(write_bulk(sink, Token::serr, reply.serr, compression));
    DCC_TRY(write_bulk(sink, Token::sout, reply.sout, compression));
    if (reply.status != 0) {
        DCC_TRY(write_value(sink, Token::doto, 0));
        if (reply.unserved && carries_side_files(reply.version)) DCC_TRY(write_value(sink, Token::xout, 0));
        return sink.flush();
    }
    DCC_TRY(write_bulk(sink, Token::doto, reply.doto, compression));
    if (server_preprocesses(reply.version))
        DCC_TRY(write_bulk(sink, Token::dotd, reply.dotd ? *reply.dotd : std::string_view(), compression));
    if (carries_side_files(reply.version)) {
        DCC_TRY(write_value(sink, Token::xout, static_cast<uint32_t>(reply.side_files.size())));
        for (const Reply::SideFile& side : reply.side_files) {
            DCC_TRY(write_value(sink, Token::xknd, side.kind));
            DCC_TRY(write_bulk(sink, Token::xfil, side.body, compression));
        }
    }
    return sink.flush();
}

Result<Reply> read_reply(Source& source, int version, WantDotd want_dotd, const Limits& limits) {
    Reply reply;
    reply.version = version;
    Compression compression = compression_for(version);
    auto done = read_value(source, Token::done);
    if (!done) return std::move(done).error();
    if (*done != static_cast<uint32_t>(version))
        return make_error(ExitCode::protocol_error,
                          strings::format("server replied with protocol version %u to a version %d request", *done, version));
    auto status = read_value(source, Token::stat);
    if (!status) return std::move(status).error();
    reply.status = *status;
    auto serr = read_bulk(source, Token::serr, compression, limits.max_item_size);
    if (!serr) return std::move(serr).error();
    reply.serr = std::move(*serr);
    auto sout = read_bulk(source, Token::sout, compression, limits.max_item_size);
    if (!sout) return std::move(sout).error();
    reply.sout = std::move(*sout);
    auto doto_length = read_value(source, Token::doto);
    if (!doto_length) return std::move(doto_length).error();
    if (reply.status != 0) {
        if (*doto_length != 0) DCC_WARNING("remote compiler failed but also returned output");
        // reply_x_unserved: XOUT(0) where a failure reply ends (the server closes then,
        // so a plain failure reads as the end of the stream).
        if (carries_side_files(version)) {
            auto trailer = read_value(source, Token::xout);
            reply.unserved = trailer && *trailer == 0;
        }
        return reply;
    }
    auto doto = read_bulk_body(source, Token::doto, *doto_length, compression, limits.max_item_size);
    if (!doto) return std::move(doto).error();
    reply.doto = std::move(*doto);
    if (server_preprocesses(version) && want_dotd == WantDotd::yes) {
        auto dotd = read_bulk(source, Token::dotd, compression, limits.max_item_size);
        if (!dotd) return std::move(dotd).error();
        reply.dotd = std::move(*dotd);
    }
    if (carries_side_files(version)) {
        auto count = read_value(source, Token::xout);
        if (!count) return std::move(count).error();
        if (*count > k_max_side_files)
            return make_error(ExitCode::protocol_error, strings::format("XOUT %u exceeds the limit", *count));
        for (uint32_t i = 0; i < *count; ++i) {
            auto kind = read_value(source, Token::xknd);
            if (!kind) return std::move(kind).error();
            auto body = read_bulk(source, Token::xfil, compression, limits.max_item_size);
            if (!body) return std::move(body).error();
            reply.side_files.push_back({*kind, std::move(*body)});
        }
    }
    return reply;
}

}  // namespace dcc::proto
