// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/exec.cpp with real child processes.
#include "common/exec.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(Exec, ExitStatusIsReported) {
    auto pid = exec::spawn({"sh", "-c", "exit 3"}, {});
    ASSERT_TRUE(pid.ok());
    auto status = exec::wait_for(*pid);
    ASSERT_TRUE(status.ok());
    EXPECT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(exec::exit_code_of(*status), 3);
}

TEST(Exec, MissingProgramIsCompilerMissing) {
    auto pid = exec::spawn({"/nonexistent/dcc-compiler"}, {});
    ASSERT_FALSE(pid.ok());
    EXPECT_EQ(pid.error().code, ExitCode::compiler_missing);
}

TEST(Exec, RedirectsCwdAndEnvironment) {
    test_support::ScratchDir dir;
    int out = open(dir.file("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(out, 0);
    exec::SpawnOptions options;
    options.stdout_fd = out;
    options.cwd = dir.path();
    options.environment = exec::environment_with({{"DCC_TEST_VALUE", "42"}});
    auto pid = exec::spawn({"sh", "-c", "echo $DCC_TEST_VALUE; pwd"}, options);
    close(out);
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(exec::wait_for(*pid).ok());
    EXPECT_EQ(*files::read_file(dir.file("out"), 1000), "42\n" + dir.path() + "\n");
}

TEST(Exec, SignalDeathDescribed) {
    auto pid = exec::spawn({"sh", "-c", "kill -SEGV $$"}, {});
    ASSERT_TRUE(pid.ok());
    auto status = exec::wait_for(*pid);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(exec::exit_code_of(*status), 128 + SIGSEGV);
    EXPECT_NE(exec::describe_status(*status).find("signal 11"), std::string::npos);
}

TEST(Exec, NewProcessGroup) {
    exec::SpawnOptions options;
    options.new_process_group = true;
    auto pid = exec::spawn({"sleep", "5"}, options);
    ASSERT_TRUE(pid.ok());
    EXPECT_EQ(getpgid(*pid), *pid);
    kill(-*pid, SIGTERM);
    auto status = exec::wait_for(*pid);
    ASSERT_TRUE(status.ok());
    EXPECT_TRUE(WIFSIGNALED(*status));
}

TEST(Exec, PollChildSeesRunningThenExited) {
    auto pid = exec::spawn({"sh", "-c", "read x"}, {});
    ASSERT_TRUE(pid.ok());
    auto running = exec::poll_child(*pid);
    ASSERT_TRUE(running.ok());
    // stdin is inherited; the child may already have hit EOF, so only check the type.
    if (!running->has_value()) {
        kill(*pid, SIGKILL);
        ASSERT_TRUE(exec::wait_for(*pid).ok());
    }
}
