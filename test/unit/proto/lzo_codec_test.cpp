// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the LZO codec (src/proto/lzo_codec.cpp).
#include "proto/lzo_codec.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace dcc;
using namespace dcc::proto;

TEST(Lzo, GoldenStreamFromTheSpec) {
    // doc/protocol.md §7.2: 20 literal bytes -> 0x25, the bytes, then 11 00 00.
    std::string packed = lzo_compress("int foo(){return 0;}");
    std::string expected = std::string("\x25", 1) + "int foo(){return 0;}" + std::string("\x11\x00\x00", 3);
    EXPECT_EQ(packed, expected);
}

TEST(Lzo, EmptyInputIsEmpty) {
    EXPECT_EQ(lzo_compress(""), "");
    auto out = lzo_decompress("", 10);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, "");
}

TEST(Lzo, ThreeByteEndMarkerDecompressesToNothing) {
    auto out = lzo_decompress(std::string("\x11\x00\x00", 3), 10);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, "");
}

TEST(Lzo, RoundTripHighlyCompressibleNeedsBufferGrowth) {
    std::string plain(1 << 20, 'a');  // far more than 8x the compressed size
    std::string packed = lzo_compress(plain);
    EXPECT_LT(packed.size() * 8, plain.size());
    auto out = lzo_decompress(packed, 2 << 20);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(*out, plain);
}

TEST(Lzo, RoundTripRandomData) {
    std::mt19937 rng(1234);
    std::string plain(100000, '\0');
    for (char& c : plain) c = static_cast<char>(rng());
    auto out = lzo_decompress(lzo_compress(plain), plain.size());
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, plain);
}

TEST(Lzo, OutputOverTheCapIsRefused) {
    std::string packed = lzo_compress(std::string(100000, 'z'));
    auto out = lzo_decompress(packed, 50000);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, ExitCode::io_error);
}

TEST(Lzo, GarbageIsAnErrorNotACrash) {
    std::mt19937 rng(99);
    for (int round = 0; round < 200; ++round) {
        std::string junk(1 + rng() % 200, '\0');
        for (char& c : junk) c = static_cast<char>(rng());
        auto out = lzo_decompress(junk, 1 << 16);
        if (!out.ok()) {
            EXPECT_EQ(out.error().code, ExitCode::io_error);
        }
    }
}
