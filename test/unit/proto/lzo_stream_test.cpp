// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the streaming LZO1X decoder (src/proto/lzo_stream.cpp): it must give the
// bytes liblzo2 gives for every stream liblzo2 accepts, refuse what liblzo2 refuses,
// and stop at the output cap with bounded memory however far a bomb would expand.
#include "proto/lzo_stream.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "proto/lzo_codec.hpp"

using namespace dcc;

namespace {

Result<std::string> stream_decompress(const std::string& packed, std::size_t max_output,
                                      std::size_t* largest_piece = nullptr) {
    proto::MemorySource source(packed);
    std::string out;
    auto length = proto::lzo_decompress_stream(source, packed.size(), max_output, [&](std::string_view piece) {
        if (largest_piece) *largest_piece = std::max(*largest_piece, piece.size());
        out.append(piece);
        return Status{};
    });
    if (!length) return std::move(length).error();
    EXPECT_EQ(*length, out.size());
    return out;
}

std::string random_bytes(std::mt19937& rng, std::size_t n, int alphabet) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>('a' + static_cast<int>(rng() % static_cast<unsigned>(alphabet)));
    return s;
}

// A mixture that exercises every match form: short and long literal runs, near and
// far (up to 48 KiB) matches, long zero runs, across several output windows.
std::string mixed_input(std::mt19937& rng) {
    std::string block = random_bytes(rng, 40000, 200);
    std::string s;
    while (s.size() < (3u << 20)) {
        switch (rng() % 5) {
        case 0: s += random_bytes(rng, rng() % 300, 250); break;
        case 1: s += block.substr(rng() % 30000, rng() % 5000); break;
        case 2: s += std::string(rng() % 70000, '\0'); break;
        case 3: s += "int main(void) { return 0; }\n"; break;
        default: s += s.substr(s.size() - std::min<std::size_t>(s.size(), 49000), rng() % 2000); break;
        }
    }
    return s;
}

}  // namespace

TEST(LzoStream, RoundTripsWhatLiblzoCompresses) {
    std::mt19937 rng(16);
    std::vector<std::string> inputs = {"a", "hello, world\n", std::string(100, 'x'), random_bytes(rng, 100000, 256),
                                       std::string(5u << 20, '\0'), mixed_input(rng)};
    for (const std::string& plain : inputs) {
        std::size_t largest = 0;
        auto out = stream_decompress(proto::lzo_compress(plain), 1u << 30, &largest);
        ASSERT_TRUE(out) << out.error().message;
        EXPECT_EQ(*out == plain, true) << plain.size();
        EXPECT_LE(largest, std::size_t{1088} << 10);  // handed on in bounded pieces
    }
    auto empty = stream_decompress("", 100);
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, "");
}

TEST(LzoStream, StopsAtTheOutputCapWithoutExpanding) {
    std::string bomb = proto::lzo_compress(std::string(64u << 20, '\0'));  // about 250 KB
    std::size_t largest = 0;
    auto out = stream_decompress(bomb, 1u << 20, &largest);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ExitCode::io_error);
    EXPECT_NE(out.error().message.find("more than the limit of 1048576 bytes"), std::string::npos) << out.error().message;
    EXPECT_LE(largest, std::size_t{1088} << 10);
    // Exactly at the cap is fine.
    std::string plain(1u << 20, 'z');
    auto exact = stream_decompress(proto::lzo_compress(plain), plain.size());
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->size(), plain.size());
}

TEST(LzoStream, TruncatedSourceIsTheSourcesError) {
    std::string packed = proto::lzo_compress(std::string(300000, 'q') + "tail");
    proto::MemorySource source(std::string_view(packed).substr(0, packed.size() / 2));
    auto out = proto::lzo_decompress_stream(source, packed.size(), 1u << 30, [](std::string_view) { return Status{}; });
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ExitCode::truncated);
}

TEST(LzoStream, SinkErrorsStopDecoding) {
    std::string packed = proto::lzo_compress(std::string(3u << 20, 'q'));
    proto::MemorySource source(packed);
    int calls = 0;
    auto out = proto::lzo_decompress_stream(source, packed.size(), 1u << 30, [&](std::string_view) {
        ++calls;
        return Status(make_error(ExitCode::io_error, "disk full"));
    });
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().message, "disk full");
    EXPECT_EQ(calls, 1);
}

// Differential: corrupt streams are accepted or refused exactly as liblzo2 does.
TEST(LzoStream, AgreesWithLiblzoOnCorruptStreams) {
    std::mt19937 rng(3);
    std::string plain;
    while (plain.size() < 20000) plain += random_bytes(rng, rng() % 50, 4) + std::string(rng() % 100, ' ');
    std::string packed = proto::lzo_compress(plain);
    int agreed_ok = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string mutant = packed;
        int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) mutant[rng() % mutant.size()] = static_cast<char>(rng());
        if (rng() % 4 == 0) mutant.resize(rng() % mutant.size());
        auto expected = proto::lzo_decompress(mutant, 1u << 20);
        auto got = stream_decompress(mutant, 1u << 20);
        ASSERT_EQ(static_cast<bool>(expected), static_cast<bool>(got))
            << "mutant " << i << ": liblzo2 " << (expected ? "ok" : expected.error().message) << ", stream "
            << (got ? "ok" : got.error().message);
        if (expected) {
            ASSERT_EQ(*expected == *got, true) << "mutant " << i;
            ++agreed_ok;
        }
    }
    RecordProperty("mutants_accepted", agreed_ok);
}
