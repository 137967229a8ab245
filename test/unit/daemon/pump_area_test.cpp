// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/pump_area.cpp: the private directory an unconfined worker
// builds its pump trees in (mode 0700, removed with its contents by the destructor
// and by the fatal-signal path) and the choice of --pump-tmpdir.
#include "daemon/pump_area.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/cleanup.hpp"
#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::daemon;

TEST(PumpArea, IsAPrivateDirectoryRemovedWithItsContents) {
    test_support::ScratchDir dir;
    std::string path;
    {
        auto area = PumpArea::create(dir.path());
        ASSERT_TRUE(area.ok()) << area.error().message;
        PumpArea moved(std::move(*area));
        path = moved.path();
        EXPECT_EQ(path.rfind(dir.path() + "/distccd-pump_", 0), 0u) << path;
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_TRUE(S_ISDIR(st.st_mode));
        EXPECT_EQ(st.st_mode & 0777, 0700u);
        ASSERT_EQ(::mkdir((path + "/pump_x").c_str(), 0700), 0);
        std::ofstream(path + "/pump_x/a.h") << "x";
    }
    EXPECT_FALSE(files::exists(path));
}

TEST(PumpArea, TheSignalPathRemovesTheCurrentArea) {
    test_support::ScratchDir dir;
    auto area = PumpArea::create(dir.path());
    ASSERT_TRUE(area.ok());
    std::ofstream(area->path() + "/left.h") << "x";
    remove_current_pump_area();
    EXPECT_FALSE(files::exists(area->path()));
    remove_current_pump_area();  // once is enough; the destructor copes with the gap
}

TEST(PumpArea, AMissingDirectoryIsAnError) {
    test_support::ScratchDir dir;
    auto area = PumpArea::create(dir.file("missing"));
    ASSERT_FALSE(area.ok());
    EXPECT_NE(area.error().message.find(dir.file("missing")), std::string::npos) << area.error().message;
}

TEST(PumpTmpdir, DefaultIsDevShmOnlyWhenAWritableTmpfs) {
    EXPECT_EQ(default_pump_tmpdir(), is_writable_tmpfs("/dev/shm") ? "/dev/shm" : "");
    EXPECT_EQ(choose_pump_tmpdir(std::nullopt).value(), default_pump_tmpdir());
    test_support::ScratchDir dir;
    std::ofstream(dir.file("file")) << "x";
    EXPECT_FALSE(is_writable_tmpfs(dir.file("file")));
    EXPECT_FALSE(is_writable_tmpfs(dir.file("missing")));
}

TEST(PumpTmpdir, AChosenDirectoryMustBeOneToCreateFilesIn) {
    test_support::ScratchDir dir;
    EXPECT_EQ(choose_pump_tmpdir(dir.path()).value(), dir.path());
    EXPECT_EQ(choose_pump_tmpdir(std::string()).value(), "");  // the job's work directory
    std::ofstream(dir.file("file")) << "x";
    for (const std::string& bad : {dir.file("file"), dir.file("missing")}) {
        auto chosen = choose_pump_tmpdir(bad);
        ASSERT_FALSE(chosen.ok()) << bad;
        EXPECT_EQ(chosen.error().code, ExitCode::bad_arguments);
        EXPECT_NE(chosen.error().message.find("--pump-tmpdir " + bad + ": "), std::string::npos)
            << chosen.error().message;
    }
}
