// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of request_framer.hpp.
#include "proto/request_framer.hpp"

#include <algorithm>
#include <cstring>

#include "common/strings.hpp"
#include "proto/messages.hpp"

namespace dcc::proto {

void RequestFramer::settle(std::string why) {
    m_state = State::settled;
    m_why = std::move(why);
}

// The next item after a body (or a header without one) is finished.
void RequestFramer::after_item() {
    switch (m_expect) {
    case Expect::argv:
        if (m_args_left == 0)
            m_expect = server_preprocesses(m_version)  ? Expect::nfil
                       : carries_side_files(m_version) ? Expect::xins
                                                       : Expect::doti;
        break;
    case Expect::xinp:
        if (m_inputs_left == 0) m_expect = Expect::doti;
        break;
    case Expect::doti: m_state = State::complete; break;
    case Expect::file_or_link:
        if (--m_files_left == 0) {
            m_state = State::complete;
        } else {
            m_expect = Expect::name;
        }
        break;
    case Expect::cdir: m_expect = Expect::argc; break;
    case Expect::name: m_expect = Expect::file_or_link; break;
    default: break;
    }
}

void RequestFramer::on_header() {
    std::string_view bytes(m_header.data(), m_header.size());
    auto decoded = decode_any_header(bytes);
    if (!decoded) return settle(decoded.error().message);
    Token token = decoded->token;
    uint32_t param = decoded->param;
    auto expect_token = [&](Token wanted) {
        if (token == wanted) return true;
        settle(strings::format("expected %s, got %s", token_info(wanted).text, token_info(token).text));
        return false;
    };
    auto body = [&](uint64_t length, uint64_t cap) {
        if (length > cap) return settle(strings::format("%s length %u over the cap", token_info(token).text, param));
        m_body_left = length;
        if (m_body_left == 0) after_item();
    };
    switch (m_expect) {
    case Expect::dist:
        if (!expect_token(Token::dist)) return;
        if (param < static_cast<uint32_t>(k_min_version) || param > static_cast<uint32_t>(k_max_ext_version))
            return settle(strings::format("protocol version %u", param));
        m_version = static_cast<int>(param);
        if (m_version == k_probe_version) {
            m_state = State::complete;
            return;
        }
        m_expect = server_preprocesses(m_version) || carries_side_files(m_version) ? Expect::cdir : Expect::argc;
        return;
    case Expect::cdir:
        if (expect_token(Token::cdir)) body(param, m_limits.max_path_length);
        return;
    case Expect::argc:
        if (!expect_token(Token::argc)) return;
        if (param == 0 || param > m_limits.max_argc) return settle(strings::format("ARGC %u", param));
        m_args_left = param;
        m_expect = Expect::argv;
        return;
    case Expect::argv:
        if (!expect_token(Token::argv)) return;
        m_argv_total += param;
        if (m_argv_total > m_limits.max_argv_total) return settle("ARGV total over the cap");
        --m_args_left;
        return body(param, m_limits.max_arg_length);
    case Expect::xins:
        if (!expect_token(Token::xins)) return;
        if (param > m_limits.max_extra_inputs) return settle(strings::format("XINS %u", param));
        m_inputs_left = param;
        m_expect = param == 0 ? Expect::doti : Expect::xinp;
        return;
    case Expect::xinp:
        if (!expect_token(Token::xinp)) return;
        m_inputs_total += param;
        if (m_inputs_total > m_limits.max_files_total) return settle("XINP total over the cap");
        --m_inputs_left;
        return body(param, m_limits.max_item_size);
    case Expect::doti:
        if (expect_token(Token::doti)) body(param, m_limits.max_item_size);
        return;
    case Expect::nfil:
        if (!expect_token(Token::nfil)) return;
        if (param > m_limits.max_files) return settle(strings::format("NFIL %u", param));
        m_files_left = param;
        m_expect = Expect::name;
        if (param == 0) m_state = State::complete;
        return;
    case Expect::name:
        if (expect_token(Token::name)) body(param, m_limits.max_path_length);
        return;
    case Expect::file_or_link:
        if (token == Token::link) return body(param, m_limits.max_path_length);
        if (expect_token(Token::file)) body(param, m_limits.max_item_size);
        return;
    }
}

std::size_t RequestFramer::feed(std::string_view data) {
    std::size_t used = 0;
    while (used < data.size() && m_state == State::reading) {
        if (m_body_left > 0) {
            std::size_t step = static_cast<std::size_t>(std::min<uint64_t>(m_body_left, data.size() - used));
            m_body_left -= step;
            used += step;
            if (m_body_left == 0) after_item();
            continue;
        }
        std::size_t step = std::min(k_header_size - m_header_fill, data.size() - used);
        std::memcpy(m_header.data() + m_header_fill, data.data() + used, step);
        m_header_fill += step;
        used += step;
        if (m_header_fill == k_header_size) {
            m_header_fill = 0;
            on_header();
        }
    }
    return used;
}

}  // namespace dcc::proto
