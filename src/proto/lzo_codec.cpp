// SPDX-License-Identifier: GPL-2.0-or-later
// LZO codec on top of liblzo2 (lzo1x_1_compress / lzo1x_decompress_safe), with the
// buffer-growing strategy of upstream's dcc_r_bulk_lzo1x: start at 8x, double on
// LZO_E_OUTPUT_OVERRUN.
#include "proto/lzo_codec.hpp"

#include <lzo/lzo1x.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "common/strings.hpp"

namespace dcc::proto {
namespace {

void ensure_lzo_initialised() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (lzo_init() != LZO_E_OK) std::abort();  // library/header mismatch: a build bug
    });
}

}  // namespace

std::size_t lzo_compress_bound(std::size_t plain_size) { return plain_size + plain_size / 64 + 16 + 3; }

std::size_t lzo_compress_into(std::string_view plain, char* out) {
    if (plain.empty()) return 0;
    ensure_lzo_initialised();
    static thread_local std::unique_ptr<unsigned char[]> work_memory(new unsigned char[LZO1X_1_MEM_COMPRESS]);
    lzo_uint out_len = lzo_compress_bound(plain.size());
    int rc = lzo1x_1_compress(reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                              reinterpret_cast<unsigned char*>(out), &out_len, work_memory.get());
    if (rc != LZO_E_OK) std::abort();  // cannot fail with a correctly sized buffer
    return out_len;
}

std::string lzo_compress(std::string_view plain) {
    if (plain.empty()) return std::string();
    // Compress into an uninitialised buffer; copying the (smaller) result is cheaper
    // than zero-filling a string of the worst-case size.
    auto buffer = std::make_unique_for_overwrite<char[]>(lzo_compress_bound(plain.size()));
    return std::string(buffer.get(), lzo_compress_into(plain, buffer.get()));
}

Result<std::string> lzo_decompress(std::string_view compressed, std::size_t max_output) {
    if (compressed.empty()) return std::string();
    ensure_lzo_initialised();
    std::size_t capacity = std::min(max_output, std::max<std::size_t>(compressed.size() * 8, 256));
    std::string out;
    while (true) {
        out.resize(capacity);
        lzo_uint out_len = capacity;
        int rc = lzo1x_decompress_safe(reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(),
                                       reinterpret_cast<unsigned char*>(out.data()), &out_len, nullptr);
        if (rc == LZO_E_OK) {
            out.resize(out_len);
            return out;
        }
        if (rc != LZO_E_OUTPUT_OVERRUN)
            return make_error(ExitCode::io_error, strings::format("LZO decompression failed (error %d)", rc));
        if (capacity >= max_output)
            return make_error(ExitCode::io_error,
                              strings::format("LZO data decompresses to more than the limit of %zu bytes", max_output));
        capacity = capacity > max_output / 2 ? max_output : capacity * 2;
    }
}

}  // namespace dcc::proto
