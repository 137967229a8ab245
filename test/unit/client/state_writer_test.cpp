// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/state_writer.cpp: the file name, the record written at each
// phase, the two records (local/remote) with their remembered fields, and removal.
#include "client/state_writer.hpp"

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;
using proto::Phase;

namespace {

proto::StateRecord read_record(const std::string& path) {
    auto bytes = files::read_file(path, 4096);
    EXPECT_TRUE(bytes.ok());
    auto record = proto::decode_state_record(bytes.ok() ? *bytes : std::string());
    EXPECT_TRUE(record.ok());
    return record.ok() ? *record : proto::StateRecord{};
}

}  // namespace

TEST(StateWriter, WritesBinstateFileAtEachPhase) {
    test_support::ScratchDir dir;
    StateWriter state(dir.path(), 321);
    EXPECT_EQ(state.path(), dir.path() + "/state/binstate_321");
    EXPECT_FALSE(files::exists(state.path())) << "nothing is written before the first phase";
    state.note(StateWriter::Role::remote, Phase::connect, "src/main.c", "build1", 2);
    proto::StateRecord record = read_record(state.path());
    EXPECT_EQ(record.pid, 321);
    EXPECT_EQ(record.file, "main.c") << "only the basename";
    EXPECT_EQ(record.host, "build1");
    EXPECT_EQ(record.slot, 2);
    EXPECT_EQ(record.phase, Phase::connect);
    state.note(StateWriter::Role::remote, Phase::send);
    record = read_record(state.path());
    EXPECT_EQ(record.phase, Phase::send);
    EXPECT_EQ(record.file, "main.c") << "fields not given keep their value";
    EXPECT_EQ(record.host, "build1");
}

TEST(StateWriter, LocalAndRemoteRecordsAreSeparate) {
    test_support::ScratchDir dir;
    StateWriter state(dir.path(), 5);
    state.note(StateWriter::Role::remote, Phase::connect, "a.c", "far", 0);
    state.note(StateWriter::Role::local, Phase::preprocess, "a.c", "localhost", 3);
    EXPECT_EQ(read_record(state.path()).host, "localhost");
    state.note(StateWriter::Role::remote, Phase::compile);
    proto::StateRecord record = read_record(state.path());
    EXPECT_EQ(record.host, "far");
    EXPECT_EQ(record.slot, 0);
    EXPECT_EQ(record.phase, Phase::compile);
}

TEST(StateWriter, RemoveDeletesTheFile) {
    test_support::ScratchDir dir;
    StateWriter state(dir.path(), 6);
    state.note(StateWriter::Role::local, Phase::compile, "a.c", "localhost", 0);
    ASSERT_TRUE(files::exists(state.path()));
    state.remove();
    EXPECT_FALSE(files::exists(state.path()));
}

TEST(StateWriter, WithoutDistccDirNothingHappens) {
    StateWriter state("", 7);
    state.note(StateWriter::Role::local, Phase::compile, "a.c", "localhost", 0);
    state.remove();
    EXPECT_TRUE(state.path().empty());
}
