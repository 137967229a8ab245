// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of token_framing.hpp.
#include "auth/token_framing.hpp"

#include <cassert>

#include "common/strings.hpp"
#include "proto/packet.hpp"

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

}  // namespace dcc::auth
