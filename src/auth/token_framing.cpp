// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of token_framing.hpp.
#include "auth/token_framing.hpp"

#include <cassert>

#include "common/strings.hpp"
#include "proto/packet.hpp"
#include "proto/token.hpp"

namespace dcc::auth {

Status write_token(proto::Sink& sink, std::string_view token) {
    assert(!token.empty());
    DCC_TRY(proto::write_string(sink, proto::Token::tlen, token));
    return sink.flush();
}

Result<std::string> read_token(proto::Source& source) {
    auto length = proto::read_value(source, proto::Token::tlen);
    if (!length) return std::move(length).error();
    if (*length == 0 || *length > k_max_token_size)
        return make_error(ExitCode::io_error, strings::format("Malformed token length %u.", *length));
    return proto::read_body(source, *length, k_max_token_size, proto::Token::tlen);
}

std::size_t ClientHandshakeFramer::wanted() const {
    switch (m_phase) {
    case Phase::handshake: return 1;
    case Phase::header: return proto::k_header_size - m_bytes.size();
    case Phase::body: break;
    }
    return m_body_size - m_bytes.size();
}

Result<ClientHandshakeFramer::Item> ClientHandshakeFramer::feed(std::string_view bytes) {
    assert(bytes.size() <= wanted());
    if (bytes.empty()) return Item::none;
    if (m_phase == Phase::handshake) {
        if (bytes[0] != k_handshake)
            return make_error(ExitCode::gssapi_failed, "No client handshake - did the client require authentication?");
        m_phase = Phase::header;
        return Item::handshake;
    }
    m_bytes.append(bytes);
    if (wanted() > 0) return Item::none;
    if (m_phase == Phase::body) return Item::token;
    auto length = proto::decode_header(m_bytes, proto::Token::tlen);
    if (!length) return std::move(length).error();
    if (*length == 0 || *length > k_max_token_size)
        return make_error(ExitCode::io_error, strings::format("Malformed token length %u.", *length));
    m_bytes.clear();
    m_body_size = *length;
    m_phase = Phase::body;
    return Item::none;
}

std::string ClientHandshakeFramer::take_token() {
    assert(m_phase == Phase::body && wanted() == 0);
    std::string token = std::move(m_bytes);
    m_bytes.clear();
    m_phase = Phase::header;
    return token;
}

}  // namespace dcc::auth
