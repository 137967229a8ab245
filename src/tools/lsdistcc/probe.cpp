// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of probe.hpp (upstream lsdistcc's canned requests and its reply
// check), built from the shared request writer so the bytes match what a client
// sends.
#include "tools/lsdistcc/probe.hpp"

#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"
#include "proto/token.hpp"

namespace dcc::tools::lsdistcc {
namespace {

constexpr std::string_view k_source = "int foo(){return 0;}";

}  // namespace

std::string probe_request(int protocol, const std::string& compiler) {
    proto::Request request;
    request.version = protocol;
    request.argv = {compiler, "-c", "hello.c", "-o", "hello.o"};
    if (protocol >= 3) {
        request.cwd.assign(1, '/');  // not = "/": g++ 12 warns wrongly (-Wrestrict) there
        request.files.push_back({proto::FileEntry::Kind::file, "/hello.c", proto::lzo_compress(k_source)});
    } else {
        request.doti = std::string(k_source);
    }
    proto::MemorySink sink;
    (void)proto::write_request(sink, request);  // a memory sink cannot fail
    return sink.data();
}

ProbeVerdict ProbeReplyCheck::feed(std::string_view bytes) {
    if (m_verdict != ProbeVerdict::pending || m_head_ok) return m_verdict;
    std::size_t want = 2 * proto::k_header_size - m_head.size();
    m_head.append(bytes.substr(0, want));
    if (m_head.size() < 2 * proto::k_header_size) return m_verdict;
    std::string_view head = m_head;
    auto version = proto::decode_header(head.substr(0, proto::k_header_size), proto::Token::done);
    auto status = proto::decode_header(head.substr(proto::k_header_size), proto::Token::stat);
    bool ok = version.ok() && *version == static_cast<uint32_t>(m_protocol) && status.ok() && *status == 0;
    if (ok)
        m_head_ok = true;  // the rest of the reply is read and ignored until EOF
    else
        m_verdict = ProbeVerdict::down;
    return m_verdict;
}

ProbeVerdict ProbeReplyCheck::end_of_stream() {
    if (m_verdict == ProbeVerdict::pending) m_verdict = m_head_ok ? ProbeVerdict::up : ProbeVerdict::down;
    return m_verdict;
}

}  // namespace dcc::tools::lsdistcc
