// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the include server's request reader (include_server/request.cpp)
// under its real caps.  A request that parses must survive a write/read round trip;
// the reply writer must frame any paths the analysis could produce.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "include_server/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace dcc;
    using namespace dcc::include_server;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    proto::MemorySource source(bytes);
    auto request = read_server_request(source, request_limits());
    if (!request.ok()) return 0;
    proto::MemorySink sink;
    if (!write_server_request(sink, *request).ok()) std::abort();
    proto::MemorySource again(sink.data());
    auto back = read_server_request(again, request_limits());
    if (!back.ok() || !(*back == *request)) std::abort();
    proto::MemorySink reply;
    if (!write_server_reply(reply, request->argv).ok()) std::abort();
    proto::MemorySource reply_source(reply.data());
    auto paths = read_server_reply(reply_source, request_limits());
    if (!paths.ok() || *paths != request->argv) std::abort();
    return 0;
}
