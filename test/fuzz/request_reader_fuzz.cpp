// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the request reader (protocols 1-3) with small caps, so that claimed
// lengths and decompression bombs are exercised quickly.  A successful read must
// survive a write/read round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "proto/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace dcc::proto;
    Limits limits;
    limits.max_argc = 64;
    limits.max_arg_length = 4096;
    limits.max_argv_total = 16384;
    limits.max_item_size = 1 << 20;
    limits.max_files = 64;
    limits.max_files_total = 4 << 20;
    MemorySource source(std::string_view(reinterpret_cast<const char*>(data), size));
    auto request = read_request(source, limits);
    if (!request.ok()) return 0;
    MemorySink sink;
    if (!write_request(sink, *request).ok()) std::abort();
    MemorySource again(sink.data());
    auto back = read_request(again, limits);
    if (!back.ok() || !(*back == *request)) std::abort();
    return 0;
}
