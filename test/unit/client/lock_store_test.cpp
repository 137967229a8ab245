// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/client/lock_store.cpp against the real file system: the lock directory
// is created on demand, fcntl locks exclude other processes (a forked child stands in
// for a second distcc), and backoff marks age by their mtime.
#include "client/lock_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::client;

namespace {

// Ask a child process whether it can take the same fcntl lock (locks are per
// process, so the parent cannot test this on itself).  Exit 0 = got it, 1 = busy.
int child_can_lock(const std::string& file) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int fd = ::open(file.c_str(), O_WRONLY);
        struct flock lock{};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        _exit(fd >= 0 && ::fcntl(fd, F_SETLK, &lock) == 0 ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(LockStore, CreatesTheLockDirectoryOnDemand) {
    test_support::ScratchDir dir;
    std::string distcc_dir = dir.file("home/.distcc");
    ASSERT_EQ(::mkdir(dir.file("home").c_str(), 0777), 0);
    LockDirectory locks(distcc_dir, true);
    auto handle = locks.try_lock("cpu_localhost_0");
    ASSERT_TRUE(handle.ok()) << handle.error().message;
    ASSERT_TRUE(handle->has_value());
    EXPECT_TRUE(files::exists(distcc_dir + "/lock/cpu_localhost_0"));
    locks.unlock(**handle);
}

TEST(LockStore, ExplicitDistccDirIsNotCreated) {
    test_support::ScratchDir dir;
    LockDirectory locks(dir.file("missing"), false);
    auto handle = locks.try_lock("cpu_localhost_0");
    ASSERT_FALSE(handle.ok());
    EXPECT_FALSE(files::exists(dir.file("missing")));
}

TEST(LockStore, LocksExcludeOtherProcessesUntilReleased) {
    test_support::ScratchDir dir;
    LockDirectory locks(dir.path(), false);
    auto handle = locks.try_lock("cpu_tcp_h_3632_0");
    ASSERT_TRUE(handle.ok() && handle->has_value());
    std::string file = dir.file("lock/cpu_tcp_h_3632_0");
    EXPECT_EQ(child_can_lock(file), 1);
    {
        SlotLock held(&locks, **handle);
    }
    EXPECT_EQ(child_can_lock(file), 0);
}

TEST(LockStore, BusyWhenAnotherProcessHoldsIt) {
    test_support::ScratchDir dir;
    ASSERT_EQ(::mkdir(dir.file("lock").c_str(), 0777), 0);
    std::string file = dir.file("lock/cpu_localhost_3");
    int ready[2], done[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(done), 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        int fd = ::open(file.c_str(), O_WRONLY | O_CREAT, 0666);
        struct flock lock{};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        (void)::fcntl(fd, F_SETLK, &lock);
        (void)!::write(ready[1], "r", 1);
        char c;
        (void)!::read(done[0], &c, 1);
        _exit(0);
    }
    char c;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    LockDirectory locks(dir.path(), false);
    auto busy = locks.try_lock("cpu_localhost_3");
    ASSERT_TRUE(busy.ok());
    EXPECT_FALSE(busy->has_value());
    auto counted = locks.held_elsewhere("cpu_localhost_3");
    ASSERT_TRUE(counted.ok());
    EXPECT_TRUE(*counted);
    ASSERT_EQ(::write(done[1], "d", 1), 1);
    ::waitpid(pid, nullptr, 0);
    counted = locks.held_elsewhere("cpu_localhost_3");
    ASSERT_TRUE(counted.ok());
    EXPECT_FALSE(*counted);
    EXPECT_EQ(child_can_lock(file), 0) << "counting kept no lock";
    // A slot whose lock file does not exist is free, and counting creates none.
    counted = locks.held_elsewhere("cpu_localhost_4");
    ASSERT_TRUE(counted.ok());
    EXPECT_FALSE(*counted);
    EXPECT_FALSE(files::exists(dir.file("lock/cpu_localhost_4")));
    auto free_now = locks.try_lock("cpu_localhost_3");
    ASSERT_TRUE(free_now.ok());
    EXPECT_TRUE(free_now->has_value());
    locks.unlock(**free_now);
    for (int fd : {ready[0], ready[1], done[0], done[1]}) ::close(fd);
}

TEST(LockStore, BackoffMarksAgeByMtime) {
    test_support::ScratchDir dir;
    LockDirectory store(dir.path(), false);
    auto none = store.age_seconds("backoff_tcp_h_1_0");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    ASSERT_TRUE(store.touch("backoff_tcp_h_1_0").ok());
    EXPECT_EQ(*files::read_file(dir.file("lock/backoff_tcp_h_1_0"), 10), "x");
    auto fresh = store.age_seconds("backoff_tcp_h_1_0");
    ASSERT_TRUE(fresh.ok() && fresh->has_value());
    EXPECT_LT(**fresh, 5.0);
    struct timespec old[2] = {{1000, 0}, {1000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, dir.file("lock/backoff_tcp_h_1_0").c_str(), old, 0), 0);
    auto aged = store.age_seconds("backoff_tcp_h_1_0");
    ASSERT_TRUE(aged.ok() && aged->has_value());
    EXPECT_GT(**aged, 1e6);
    store.remove("backoff_tcp_h_1_0");
    EXPECT_FALSE(files::exists(dir.file("lock/backoff_tcp_h_1_0")));
    store.remove("backoff_tcp_h_1_0");  // removing twice is harmless
}
