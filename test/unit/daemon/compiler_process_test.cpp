// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/compiler_process.cpp with real child processes: how a run
// ends, and whether a compiler that exited left a process of its group running
// (then the job's streams are not reused, see job_files.hpp).
#include "daemon/compiler_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fd.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

// Runs `script` as the compiler; `group` gets its process group (= its pid).
Result<RunResult> run_shell(const std::string& script, pid_t* group = nullptr) {
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    CompilerRun run{"/bin/sh", {"sh", "-c", script}, null.get(), null.get(), null.get(), nullptr, {}};
    auto pid = start_compiler(run);
    if (!pid) return std::move(pid).error();
    if (group) *group = *pid;
    return supervise_compiler(*pid, -1, -1);
}

}  // namespace

TEST(SuperviseCompiler, ACompilerThatExitsAloneLeavesNoGroup) {
    auto result = run_shell("exit 3");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->end, RunEnd::exited);
    EXPECT_EQ(WEXITSTATUS(result->wait_status), 3);
    EXPECT_FALSE(result->group_survives);
}

TEST(SuperviseCompiler, ABackgroundChildStillRunningIsNoticed) {
    // The leader exits at once; its child sleeps on in the same process group.
    pid_t group = 0;
    auto result = run_shell("sleep 5 & exit 0", &group);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->end, RunEnd::exited);
    EXPECT_TRUE(result->group_survives);
    ::kill(-group, SIGKILL);  // the orphaned sleep is init's to reap
}

TEST(StartCompiler, RunsInTheGivenWorkingDirectory) {
    // A pump job's compiler runs in <root><CDIR> (doc/protocol.md §9).
    char dir[] = "/tmp/dcc-compiler-cwd-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    CompilerRun run{"/bin/sh", {"sh", "-c", "echo x > here"}, null.get(), null.get(), null.get(), nullptr, dir};
    auto pid = start_compiler(run);
    ASSERT_TRUE(pid.ok());
    auto result = supervise_compiler(*pid, -1, -1);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->wait_status, 0);
    std::string here = std::string(dir) + "/here";
    EXPECT_EQ(::unlink(here.c_str()), 0);
    EXPECT_EQ(::rmdir(dir), 0);
}
