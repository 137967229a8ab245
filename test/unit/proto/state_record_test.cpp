// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/proto/state_record.cpp: the exact native bytes distccmon-text and
// distcc 3.4's monitors read (doc/client.md §12), and the reader's checks.
#include "proto/state_record.hpp"

#include <gtest/gtest.h>

#include <cstring>

using namespace dcc;
using namespace dcc::proto;

namespace {

uint64_t u64_at(const std::string& bytes, std::size_t offset) {
    uint64_t value = 0;
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

int32_t i32_at(const std::string& bytes, std::size_t offset) {
    int32_t value = 0;
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

}  // namespace

TEST(StateRecord, Lp64LayoutByteForByte) {
    if (sizeof(void*) != 8 || sizeof(long) != 8) GTEST_SKIP() << "layout test is for LP64";
    StateRecord record{4242, "main.c", "build1", 3, Phase::compile};
    std::string bytes = encode_state_record(record);
    ASSERT_EQ(bytes.size(), 296u);
    EXPECT_EQ(state_record_size(), 296u);
    EXPECT_EQ(u64_at(bytes, 0), 296u);
    EXPECT_EQ(u64_at(bytes, 8), 0x44494800u);
    EXPECT_EQ(u64_at(bytes, 16), 4242u);
    EXPECT_EQ(std::string(bytes.data() + 24, 7), std::string("main.c\0", 7));
    EXPECT_EQ(std::string(bytes.data() + 152, 7), std::string("build1\0", 7));
    EXPECT_EQ(i32_at(bytes, 280), 3);
    EXPECT_EQ(i32_at(bytes, 284), 5);
    EXPECT_EQ(u64_at(bytes, 288), 0u);
    // Everything not written is zero, so files are reproducible.
    for (std::size_t i = 24 + 7; i < 152; ++i) EXPECT_EQ(bytes[i], '\0') << i;
    for (std::size_t i = 152 + 7; i < 280; ++i) EXPECT_EQ(bytes[i], '\0') << i;
}

TEST(StateRecord, MagicBytesOnLittleEndian) {
    if (sizeof(void*) != 8) GTEST_SKIP() << "layout test is for LP64";
    const uint16_t probe = 1;
    if (*reinterpret_cast<const unsigned char*>(&probe) != 1) GTEST_SKIP() << "little-endian only";
    std::string bytes = encode_state_record(StateRecord{});
    EXPECT_EQ(bytes.substr(8, 8), std::string("\x00\x48\x49\x44\x00\x00\x00\x00", 8));
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x28\x01\x00\x00\x00\x00\x00\x00", 8));
}

TEST(StateRecord, LongNamesAreTruncatedTo127Bytes) {
    StateRecord record{1, std::string(300, 'f'), std::string(128, 'h'), 0, Phase::send};
    std::string bytes = encode_state_record(record);
    auto decoded = decode_state_record(bytes);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->file, std::string(127, 'f'));
    EXPECT_EQ(decoded->host, std::string(127, 'h'));
}

TEST(StateRecord, RoundTrip) {
    for (Phase phase : {Phase::connect, Phase::preprocess, Phase::send, Phase::compile, Phase::receive}) {
        StateRecord record{99, "x.cc", "localhost", 7, phase};
        auto decoded = decode_state_record(encode_state_record(record));
        ASSERT_TRUE(decoded.ok());
        EXPECT_EQ(*decoded, record);
    }
}

TEST(StateRecord, ReaderRejectsBadRecords) {
    std::string good = encode_state_record(StateRecord{1, "a.c", "h", 0, Phase::compile});
    EXPECT_FALSE(decode_state_record(good.substr(0, good.size() - 1)).ok());
    std::string bad_size = good;
    bad_size[0] ^= 1;
    EXPECT_EQ(decode_state_record(bad_size).error().code, ExitCode::protocol_error);
    std::string bad_magic = good;
    bad_magic[9] ^= 1;
    EXPECT_FALSE(decode_state_record(bad_magic).ok());
    std::string bad_phase = good;
    int32_t phase = 42;
    std::memcpy(bad_phase.data() + state_record_size() - sizeof(void*) - 4, &phase, 4);
    EXPECT_FALSE(decode_state_record(bad_phase).ok());
}

TEST(StateRecord, PhaseNames) {
    EXPECT_STREQ(phase_name(Phase::startup), "Startup");
    EXPECT_STREQ(phase_name(Phase::preprocess), "Preprocess");
    EXPECT_STREQ(phase_name(Phase::done), "Done");
}

namespace {

std::string with_phase(std::string bytes, int32_t phase) {
    std::memcpy(bytes.data() + state_record_size() - sizeof(void*) - 4, &phase, 4);
    return bytes;
}

}  // namespace

TEST(StateRecord, MonitorReadingNamesTheFaultMagicFirst) {
    std::string good = encode_state_record(StateRecord{7, "a.c", "h", 2, Phase::send});
    MonitorReading ok = read_state_record_for_monitor(good);
    EXPECT_EQ(ok.fault, StateRecordFault::none);
    EXPECT_EQ(ok.record, (StateRecord{7, "a.c", "h", 2, Phase::send}));
    std::string bad_size = good;
    bad_size[0] ^= 1;
    EXPECT_EQ(read_state_record_for_monitor(bad_size).fault, StateRecordFault::wrong_size);
    std::string bad_both = bad_size;
    bad_both[9] ^= 1;
    EXPECT_EQ(read_state_record_for_monitor(bad_both).fault, StateRecordFault::wrong_magic);
}

TEST(StateRecord, MonitorShowsPhasesBeyondDoneAsCompile) {
    std::string good = encode_state_record(StateRecord{7, "a.c", "h", 2, Phase::send});
    EXPECT_EQ(read_state_record_for_monitor(with_phase(good, 7)).record.phase, Phase::done);
    EXPECT_EQ(read_state_record_for_monitor(with_phase(good, 8)).record.phase, Phase::compile);
    EXPECT_EQ(read_state_record_for_monitor(with_phase(good, -1)).record.phase, Phase::compile);
    EXPECT_EQ(read_state_record_for_monitor(with_phase(good, 0)).record.phase, Phase::startup);
}
