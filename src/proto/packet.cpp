// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of packet.hpp.
#include "proto/packet.hpp"

#include <algorithm>
#include <memory>

#include "common/log.hpp"
#include "common/strings.hpp"
#include "proto/lzo_codec.hpp"

namespace dcc::proto {
namespace {

Status write_header(Sink& sink, Token token, uint32_t param) {
    Header h = encode_header(token, param);
    DCC_DEBUG("send %.12s", h.data());
    return sink.write(std::string_view(h.data(), h.size()));
}

Status check_length(std::size_t length, Token token) {
    if (length > UINT32_MAX)
        return make_error(ExitCode::io_error, strings::format("%s item of %zu bytes is too large for the protocol",
                                                              token_info(token).text, length));
    return {};
}

Result<std::string> read_header_bytes(Source& source) {
    std::string bytes(k_header_size, '\0');
    DCC_TRY(source.read_exact(bytes.data(), bytes.size()));
    return bytes;
}

// Protocol derailment: include what follows the bad header in the message.
Error derailment(Source& source, const std::string& header, Error error) {
    std::string context = header + source.read_available(200);
    error.message += " (stream: \"" + strings::printable_prefix(context, 200) + "\")";
    return error;
}

}  // namespace

Status write_value(Sink& sink, Token token, uint32_t value) { return write_header(sink, token, value); }

Status write_string(Sink& sink, Token token, std::string_view text) {
    DCC_TRY(check_length(text.size(), token));
    DCC_TRY(write_header(sink, token, static_cast<uint32_t>(text.size())));
    return sink.write(text);
}

Status write_bulk(Sink& sink, Token token, std::string_view data, Compression compression) {
    if (data.empty()) return write_header(sink, token, 0);
    if (compression == Compression::lzo) {
        auto packed = std::make_unique_for_overwrite<char[]>(lzo_compress_bound(data.size()));
        std::size_t length = lzo_compress_into(data, packed.get());
        DCC_TRY(check_length(length, token));
        DCC_TRY(write_header(sink, token, static_cast<uint32_t>(length)));
        return sink.write(std::string_view(packed.get(), length));
    }
    DCC_TRY(check_length(data.size(), token));
    DCC_TRY(write_header(sink, token, static_cast<uint32_t>(data.size())));
    return sink.write(data);
}

Result<uint32_t> read_value(Source& source, Token expected) {
    auto header = read_header_bytes(source);
    if (!header) return std::move(header).error();
    auto value = decode_header(*header, expected);
    if (!value) return derailment(source, *header, std::move(value).error());
    DCC_DEBUG("got %.12s", header->c_str());
    return value;
}

Result<DecodedHeader> read_any_header(Source& source) {
    auto header = read_header_bytes(source);
    if (!header) return std::move(header).error();
    auto decoded = decode_any_header(*header);
    if (!decoded) return derailment(source, *header, std::move(decoded).error());
    DCC_DEBUG("got %.12s", header->c_str());
    return decoded;
}

Result<std::string> read_body(Source& source, uint32_t length, std::size_t max_length, Token token) {
    if (length > max_length)
        return make_error(ExitCode::protocol_error,
                          strings::format("%s length %u exceeds the limit of %zu bytes", token_info(token).text,
                                          length, max_length));
    std::string body;
    constexpr std::size_t k_chunk = 1u << 20;
    while (body.size() < length) {
        std::size_t step = std::min<std::size_t>(k_chunk, length - body.size());
        std::size_t old = body.size();
        body.resize(old + step);
        auto got = source.read_exact(body.data() + old, step);
        if (!got)
            return make_error(got.error().code, strings::format("reading %s body: %s", token_info(token).text,
                                                                got.error().message.c_str()));
    }
    return body;
}

Result<std::string> read_string(Source& source, Token expected, std::size_t max_length) {
    auto length = read_value(source, expected);
    if (!length) return std::move(length).error();
    return read_body(source, *length, max_length, expected);
}

Result<std::string> read_bulk_body(Source& source, Token token, uint32_t length, Compression compression,
                                   std::size_t max_size) {
    auto body = read_body(source, length, max_size, token);
    if (!body || compression == Compression::none || body->empty()) return body;
    auto plain = lzo_decompress(*body, max_size);
    if (!plain)
        return make_error(plain.error().code,
                          strings::format("%s: %s", token_info(token).text, plain.error().message.c_str()));
    return plain;
}

Result<std::string> read_bulk(Source& source, Token expected, Compression compression, std::size_t max_size) {
    auto length = read_value(source, expected);
    if (!length) return std::move(length).error();
    return read_bulk_body(source, expected, *length, compression, max_size);
}

}  // namespace dcc::proto
