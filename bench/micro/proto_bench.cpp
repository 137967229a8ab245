// SPDX-License-Identifier: GPL-2.0-or-later
// Micro-benchmarks of the wire codec (src/proto): packet headers, the LZO codec on a
// preprocessed-looking source, and a whole request and reply through memory streams.
// Built and run only by `make bench` (Google Benchmark); what they guard is the
// per-job cost both client and daemon pay, not correctness (the unit tests do that).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "micro/sample_source.hpp"
#include "proto/limits.hpp"
#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"
#include "proto/stream.hpp"
#include "proto/token.hpp"

namespace {

using namespace dcc;

void encode_header(benchmark::State& state) {
    uint32_t param = 0;
    for (auto _ : state) {
        auto header = proto::encode_header(proto::Token::doti, param++);
        benchmark::DoNotOptimize(header);
    }
}
BENCHMARK(encode_header);

void decode_header(benchmark::State& state) {
    auto header = proto::encode_header(proto::Token::doto, 0x1f2a);
    std::string_view bytes(header.data(), header.size());
    for (auto _ : state) {
        auto value = proto::decode_header(bytes, proto::Token::doto);
        benchmark::DoNotOptimize(value);
    }
}
BENCHMARK(decode_header);

void lzo_compress(benchmark::State& state) {
    std::string plain = micro::sample_preprocessed_source(static_cast<std::size_t>(state.range(0)));
    std::string out(proto::lzo_compress_bound(plain.size()), '\0');
    for (auto _ : state) benchmark::DoNotOptimize(proto::lzo_compress_into(plain, out.data()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(plain.size()));
}
BENCHMARK(lzo_compress)->Arg(16 << 10)->Arg(1 << 20);

void lzo_decompress(benchmark::State& state) {
    std::string plain = micro::sample_preprocessed_source(static_cast<std::size_t>(state.range(0)));
    std::string packed = proto::lzo_compress(plain);
    for (auto _ : state) {
        auto out = proto::lzo_decompress(packed, plain.size());
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(plain.size()));
}
BENCHMARK(lzo_decompress)->Arg(16 << 10)->Arg(1 << 20);

proto::Request sample_request(int version) {
    proto::Request request;
    request.version = version;
    request.argv = {"x86_64-linux-gnu-gcc", "-O2", "-g", "-Wall", "-DNDEBUG", "-c", "unit.i", "-o", "unit.o"};
    request.doti = micro::sample_preprocessed_source(64 << 10);
    return request;
}

// One request written and read back: what a client sends and a daemon parses.
void request_round_trip(benchmark::State& state) {
    proto::Request request = sample_request(static_cast<int>(state.range(0)));
    proto::Limits limits;
    for (auto _ : state) {
        proto::MemorySink sink;
        (void)proto::write_request(sink, request);
        proto::MemorySource source(sink.data());
        auto back = proto::read_request(source, limits);
        benchmark::DoNotOptimize(back);
    }
}
BENCHMARK(request_round_trip)->Arg(1)->Arg(2);

void reply_round_trip(benchmark::State& state) {
    proto::Reply reply;
    reply.version = static_cast<int>(state.range(0));
    reply.serr = "unit.c:3:5: warning: unused variable 'x' [-Wunused-variable]\n";
    reply.doto = micro::sample_preprocessed_source(32 << 10);  // any bytes of an object's size
    proto::Limits limits;
    for (auto _ : state) {
        proto::MemorySink sink;
        (void)proto::write_reply(sink, reply);
        proto::MemorySource source(sink.data());
        auto back = proto::read_reply(source, reply.version, proto::WantDotd::no, limits);
        benchmark::DoNotOptimize(back);
    }
}
BENCHMARK(reply_round_trip)->Arg(1)->Arg(2);

}  // namespace
