// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/distccmon_text/state_scan.cpp over an in-memory MonitorSystem:
// which files a poll shows, skips or deletes (the 60-second rule, kill(pid, 0),
// foreign records), the sort order, and where the state directory is.
#include "tools/distccmon_text/state_scan.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <set>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::proto;
using namespace dcc::tools::distccmon_text;

namespace {

constexpr std::time_t k_now = 1'700'000'000;

class FakeSystem final : public MonitorSystem {
public:
    std::map<std::string, StateFile> files;  // by full path
    std::set<long> live_pids;
    std::vector<std::string> removed;
    bool list_fails = false;

    void add(const std::string& name, const StateRecord& record, std::time_t age = 0) {
        files["/s/" + name] = StateFile{k_now - age, encode_state_record(record)};
        live_pids.insert(record.pid);
    }
    Result<std::vector<std::string>> list(const std::string& dir) override {
        if (list_fails) return make_error(ExitCode::io_error, "failed to opendir " + dir);
        std::vector<std::string> names{".", ".."};
        for (const auto& [path, file] : files) names.push_back(path.substr(dir.size() + 1));
        return names;
    }
    Result<std::optional<StateFile>> read(const std::string& path, std::size_t max_bytes) override {
        auto it = files.find(path);
        if (it == files.end()) return std::optional<StateFile>();
        StateFile file = it->second;
        file.bytes.resize(std::min(max_bytes, file.bytes.size()));
        return std::optional<StateFile>(file);
    }
    Status remove(const std::string& path) override {
        removed.push_back(path);
        files.erase(path);
        return {};
    }
    bool process_exists(long pid) override { return live_pids.count(pid) != 0; }
    std::time_t now() override { return k_now; }
};

std::vector<long> pids(const std::vector<StateRecord>& records) {
    std::vector<long> out;
    for (const StateRecord& r : records) out.push_back(r.pid);
    return out;
}

}  // namespace

TEST(MonitorPoll, SortsByHostThenSlot) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "zeta", 0, Phase::compile});
    sys.add("binstate_2", {2, "b.c", "alpha", 1, Phase::send});
    sys.add("binstate_3", {3, "c.c", "alpha", 0, Phase::receive});
    sys.add("binstate_4", {4, "d.c", "Zeta", 3, Phase::connect});  // strcmp: upper case first
    auto records = poll_state_dir("/s", sys);
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(pids(*records), (std::vector<long>{4, 3, 2, 1}));
}

TEST(MonitorPoll, OnlyBinstateFilesAreRead) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::compile});
    sys.add("other_2", {2, "b.c", "h", 1, Phase::compile});
    sys.add("binstat_3", {3, "c.c", "h", 2, Phase::compile});
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{1}));
}

TEST(MonitorPoll, FilesOlderThanSixtySecondsAreDeletedUnread) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::compile}, 60);
    sys.add("binstate_2", {2, "b.c", "h", 1, Phase::compile}, 61);
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{1}));
    EXPECT_EQ(sys.removed, (std::vector<std::string>{"/s/binstate_2"}));
}

TEST(MonitorPoll, DeadClientsAreSkippedButTheirFilesKept) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::compile});
    sys.add("binstate_2", {2, "b.c", "h", 1, Phase::compile});
    sys.live_pids.erase(2);
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{1}));
    EXPECT_TRUE(sys.removed.empty());
    EXPECT_EQ(sys.files.size(), 2u);
}

TEST(MonitorPoll, DoneJobsAreNotShown) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::done});
    sys.add("binstate_2", {2, "b.c", "h", 1, Phase::startup});
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{2}));
}

TEST(MonitorPoll, ShortAndForeignRecordsAreSkipped) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::compile});
    sys.add("binstate_2", {2, "b.c", "h", 1, Phase::compile});
    sys.add("binstate_3", {3, "c.c", "h", 2, Phase::compile});
    sys.add("binstate_4", {4, "d.c", "h", 3, Phase::compile});
    sys.files["/s/binstate_2"].bytes.pop_back();
    sys.files["/s/binstate_3"].bytes[8] ^= 1;  // magic
    sys.files["/s/binstate_4"].bytes[0] ^= 1;  // size field
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{1}));
}

TEST(MonitorPoll, LongerFilesAreReadUpToOneRecord) {
    FakeSystem sys;
    sys.add("binstate_1", {1, "a.c", "h", 0, Phase::compile});
    sys.files["/s/binstate_1"].bytes += "trailing junk";
    EXPECT_EQ(pids(*poll_state_dir("/s", sys)), (std::vector<long>{1}));
}

TEST(MonitorPoll, UnreadableDirectoryIsAnIoError) {
    FakeSystem sys;
    sys.list_fails = true;
    auto records = poll_state_dir("/s", sys);
    ASSERT_FALSE(records.ok());
    EXPECT_EQ(records.error().code, ExitCode::io_error);
}

TEST(MonitorStateDir, CreatesHomeDotDistccAndState) {
    test_support::ScratchDir scratch;
    Config config = load_config(env::Snapshot::from_pairs({{env::Var::home, scratch.path()}}));
    auto dir = prepare_state_dir(config);
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    EXPECT_EQ(*dir, scratch.path() + "/.distcc/state");
    EXPECT_TRUE(files::exists(*dir));
}

TEST(MonitorStateDir, ExplicitDistccDirIsNotCreated) {
    test_support::ScratchDir scratch;
    Config config = load_config(env::Snapshot::from_pairs({{env::Var::distcc_dir, scratch.file("missing")}}));
    auto dir = prepare_state_dir(config);
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error().code, ExitCode::io_error);
    EXPECT_EQ(dir.error().message.rfind("mkdir '" + scratch.file("missing") + "/state' failed: ", 0), 0u);
}

TEST(MonitorStateDir, NeitherDistccDirNorHomeIsBadArguments) {
    auto dir = prepare_state_dir(load_config(env::Snapshot::from_pairs({})));
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error().code, ExitCode::bad_arguments);
}

TEST(MonitorDisk, ReadsMtimeAndAtMostOneRecord) {
    test_support::ScratchDir scratch;
    std::string bytes = encode_state_record(StateRecord{5, "a.c", "h", 0, Phase::compile}) + "xyz";
    ASSERT_TRUE(files::write_file(scratch.file("binstate_5"), bytes).ok());
    DiskMonitorSystem disk;
    auto file = disk.read(scratch.file("binstate_5"), state_record_size());
    ASSERT_TRUE(file.ok() && file->has_value());
    EXPECT_EQ((*file)->bytes, bytes.substr(0, state_record_size()));
    EXPECT_LE(disk.now() - (*file)->mtime, 5);
    EXPECT_FALSE(disk.read(scratch.file("gone"), 10)->has_value());
    EXPECT_TRUE(disk.process_exists(static_cast<long>(getpid())));
    EXPECT_TRUE(disk.remove(scratch.file("binstate_5")).ok());
    EXPECT_FALSE(files::exists(scratch.file("binstate_5")));
}
