// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/job_files.cpp: what clearing a work directory after a job
// removes -- always the object, other leftovers on a full sweep (after a killed
// compiler, and every k_full_sweep_interval-th job), never the reused input files.
#include "daemon/job_files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

struct Leftovers {
    WorkDir dir;
    void put(const std::string& name) const { ASSERT_TRUE(files::write_file(dir.path() + "/" + name, "x").ok()); }
    bool has(const std::string& name) const { return files::exists(dir.path() + "/" + name); }
};

}  // namespace

TEST(WorkDir, OutputOnlyClearLeavesOtherFilesUntilAFullSweep) {
    test_support::ScratchDir scratch;
    auto created = WorkDir::create(scratch.path(), false);
    ASSERT_TRUE(created.ok());
    Leftovers work{std::move(*created)};
    work.put("input.i");
    work.put("output.dwo");
    for (int job = 1; job < WorkDir::k_full_sweep_interval; ++job) {
        work.put(WorkDir::k_output_name);
        work.dir.clear(WorkDir::Sweep::output_only);
        EXPECT_FALSE(work.has(WorkDir::k_output_name));
        EXPECT_TRUE(work.has("output.dwo")) << "job " << job;
    }
    work.dir.clear(WorkDir::Sweep::output_only);  // the interval is up: a full sweep
    EXPECT_FALSE(work.has("output.dwo"));
    EXPECT_TRUE(work.has("input.i"));
}

TEST(WorkDir, FullClearRemovesEverythingButInputs) {
    test_support::ScratchDir scratch;
    auto created = WorkDir::create(scratch.path(), false);
    ASSERT_TRUE(created.ok());
    Leftovers work{std::move(*created)};
    work.put("input.cpp");
    work.put(WorkDir::k_output_name);
    work.put("ccXYZ.s");
    ASSERT_EQ(::mkdir((work.dir.path() + "/sub").c_str(), 0700), 0);
    work.dir.clear(WorkDir::Sweep::full);
    EXPECT_FALSE(work.has(WorkDir::k_output_name));
    EXPECT_FALSE(work.has("ccXYZ.s"));
    EXPECT_FALSE(work.has("sub"));
    EXPECT_TRUE(work.has("input.cpp"));
}

TEST(JobFiles, AFifoLeftAsTheInputIsReplacedWithoutWaiting) {
    // A compiler (sandboxed or not) can write its job directory; the next job's input
    // must not block on what it left there.
    test_support::ScratchDir scratch;
    auto created = WorkDir::create(scratch.path(), false);
    ASSERT_TRUE(created.ok());
    WorkDir dir = std::move(*created);
    ASSERT_EQ(::mkfifo((dir.path() + "/input.c").c_str(), 0600), 0);
    auto files = JobFiles::create(dir, ".c");
    ASSERT_TRUE(files.ok());
    auto input = files->open_input();
    ASSERT_TRUE(input.ok()) << input.error().message;
    struct stat st{};
    ASSERT_EQ(::stat(files->input_path().c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
}

namespace {

struct Stream {
    ino_t inode;
    off_t size;
};

Stream describe(int fd) {
    struct stat st{};
    EXPECT_EQ(::fstat(fd, &st), 0);
    return {st.st_ino, st.st_size};
}

}  // namespace

TEST(WorkDir, StreamsAreEmptiedAndKeptAfterACleanExit) {
    test_support::ScratchDir scratch;
    auto dir = WorkDir::create(scratch.path(), false);
    ASSERT_TRUE(dir.ok());
    auto first = dir->streams();
    ASSERT_TRUE(first.ok());
    Stream out_before = describe(first->out);
    ASSERT_EQ(::write(first->out, "listing\n", 8), 8);
    ASSERT_EQ(::write(first->err, "warning: x\n", 11), 11);
    dir->clear(WorkDir::Sweep::output_only);
    auto second = dir->streams();
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(describe(second->out).inode, out_before.inode);
    EXPECT_EQ(describe(second->out).size, 0);
    EXPECT_EQ(describe(second->err).size, 0);
    EXPECT_EQ(::lseek(second->err, 0, SEEK_CUR), 0);  // the next compiler writes from the start
}

TEST(WorkDir, StreamsAreReplacedAfterAFullClear) {
    test_support::ScratchDir scratch;
    auto dir = WorkDir::create(scratch.path(), false);
    ASSERT_TRUE(dir.ok());
    auto first = dir->streams();
    ASSERT_TRUE(first.ok());
    // A killed compiler's descendant still holding stderr must not reach the next job.
    UniqueFd straggler(::dup(first->err));
    ino_t old_err = describe(first->err).inode;
    dir->clear(WorkDir::Sweep::full);
    auto second = dir->streams();
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(::write(straggler.get(), "late\n", 5), 5);
    EXPECT_NE(describe(second->err).inode, old_err);
    EXPECT_EQ(describe(second->err).size, 0);
}
