// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the files a browser shares with its clients (src/zeroconf/hosts_file.cpp):
// the browser lock excludes other processes, the hosts file round-trips under its
// locks, oversized files are refused, and reading marks the file as used.
#include "zeroconf/hosts_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::zeroconf;

namespace {

// Whether another process can take the write lock on `path` right now.
bool lockable_from_another_process(const std::string& path) {
    pid_t child = ::fork();
    if (child == 0) {
        auto lock = try_lock(path);
        ::_exit(lock.ok() && lock->valid() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST(ZeroconfDir, IsCreatedInsideDistccDir) {
    test_support::ScratchDir dir;
    auto made = zeroconf_dir(dir.path());
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(*made, dir.file("zeroconf"));
    struct stat st{};
    EXPECT_EQ(::stat(made->c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_TRUE(zeroconf_dir(dir.path()).ok()) << "an existing directory is fine";
}

TEST(BrowserLock, HeldLockExcludesOtherProcesses) {
    test_support::ScratchDir dir;
    std::string path = dir.file("lock");
    {
        auto lock = try_lock(path);
        ASSERT_TRUE(lock.ok()) << lock.error().message;
        ASSERT_TRUE(lock->valid());
        EXPECT_FALSE(lockable_from_another_process(path));
    }
    EXPECT_TRUE(lockable_from_another_process(path)) << "closing the descriptor releases the lock";
}

TEST(HostsFile, RewrittenAndReadBack) {
    test_support::ScratchDir dir;
    std::string path = dir.file("hosts");
    auto fd = open_hosts_for_writing(path);
    ASSERT_TRUE(fd.ok());
    ASSERT_TRUE(replace_hosts(fd->get(), "10.0.0.1:3632/4\n10.0.0.2:3632/4\n").ok());
    ASSERT_TRUE(replace_hosts(fd->get(), "10.0.0.3:3632/8\n").ok());
    auto text = read_hosts(path);
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(*text, "10.0.0.3:3632/8\n");
    ASSERT_TRUE(replace_hosts(fd->get(), "").ok());
    EXPECT_EQ(*read_hosts(path), "");
}

TEST(HostsFile, MissingFileIsAnError) {
    test_support::ScratchDir dir;
    auto text = read_hosts(dir.file("hosts"));
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ExitCode::io_error);
}

TEST(HostsFile, From100KilobytesOnItIsRefused) {
    test_support::ScratchDir dir;
    ASSERT_TRUE(files::write_file(dir.file("hosts"), std::string(k_max_hosts_file_size - 1, '\n')).ok());
    EXPECT_TRUE(read_hosts(dir.file("hosts")).ok());
    ASSERT_TRUE(files::write_file(dir.file("hosts"), std::string(k_max_hosts_file_size, '\n')).ok());
    auto text = read_hosts(dir.file("hosts"));
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().message.find("file too large"), std::string::npos);
}

TEST(HostsFile, ReadingMarksTheFileAsUsed) {
    test_support::ScratchDir dir;
    std::string path = dir.file("hosts");
    auto fd = open_hosts_for_writing(path);
    ASSERT_TRUE(fd.ok());
    std::time_t long_ago = std::time(nullptr) - 3600;
    const struct timespec old_times[2] = {{long_ago, 0}, {long_ago, 0}};
    ASSERT_EQ(::futimens(fd->get(), old_times), 0);
    auto unused = seconds_unused(fd->get(), long_ago - 10);
    ASSERT_TRUE(unused.ok());
    EXPECT_GE(*unused, 3600 - 5);
    ASSERT_TRUE(read_hosts(path).ok());
    unused = seconds_unused(fd->get(), long_ago - 10);
    ASSERT_TRUE(unused.ok());
    EXPECT_LE(*unused, 5);
}

TEST(HostsFile, UnusedTimeCountsFromTheBrowsersStart) {
    test_support::ScratchDir dir;
    auto fd = open_hosts_for_writing(dir.file("hosts"));
    ASSERT_TRUE(fd.ok());
    std::time_t long_ago = std::time(nullptr) - 3600;
    const struct timespec old_times[2] = {{long_ago, 0}, {long_ago, 0}};
    ASSERT_EQ(::futimens(fd->get(), old_times), 0);
    auto unused = seconds_unused(fd->get(), std::time(nullptr));
    ASSERT_TRUE(unused.ok());
    EXPECT_LE(*unused, 1);
}
