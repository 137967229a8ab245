// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/common/exec.cpp with real child processes.
#include "common/exec.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

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

// A program given by path starts through vfork + execve; the rest of the tests above
// use PATH names (posix_spawnp).  Both must behave the same.
TEST(Exec, ProgramByPathRedirectsAndChangesDirectory) {
    test_support::ScratchDir dir;
    int out = open(dir.file("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err = open(dir.file("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(out, 0);
    ASSERT_GE(err, 0);
    exec::SpawnOptions options;
    options.stdout_fd = out;
    options.stderr_fd = err;
    options.cwd = dir.path();
    options.search_path = false;
    options.program = "/bin/sh";
    options.new_process_group = true;
    auto pid = exec::spawn({"sh", "-c", "pwd; echo oops >&2; exit 4"}, options);
    close(out);
    close(err);
    ASSERT_TRUE(pid.ok());
    EXPECT_EQ(getpgid(*pid), *pid);
    auto status = exec::wait_for(*pid);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(exec::exit_code_of(*status), 4);
    EXPECT_EQ(*files::read_file(dir.file("out"), 1000), dir.path() + "\n");
    EXPECT_EQ(*files::read_file(dir.file("err"), 1000), "oops\n");
}

TEST(Exec, ProgramByPathThatCannotRunIsCompilerMissing) {
    exec::SpawnOptions options;
    options.search_path = false;
    options.program = "/nonexistent/dcc-compiler";
    auto pid = exec::spawn({"cc", "-c", "x.c"}, options);
    ASSERT_FALSE(pid.ok());
    EXPECT_EQ(pid.error().code, ExitCode::compiler_missing);
    EXPECT_NE(pid.error().message.find("No such file"), std::string::npos) << pid.error().message;
    test_support::ScratchDir dir;
    options.program = "/bin/true";
    options.cwd = dir.file("missing-dir");
    auto in_missing_dir = exec::spawn({"true"}, options);
    ASSERT_FALSE(in_missing_dir.ok());
    EXPECT_EQ(in_missing_dir.error().code, ExitCode::compiler_missing);
}

namespace {

void ignore_signal(int) {}

// The SigIgn / SigCgt / SigBlk mask of a line of /proc/<pid>/status.
unsigned long long status_mask(const std::string& status, const std::string& field) {
    auto at = status.find(field + ":");
    return at == std::string::npos ? ~0ULL : std::stoull(status.substr(at + field.size() + 1), nullptr, 16);
}

}  // namespace

// As with posix_spawn and POSIX_SPAWN_SETSIGDEF {SIGPIPE, SIGCHLD}: those two and every
// caught signal start at their default, other ignored signals stay ignored, nothing
// is blocked -- whatever the parent had.
TEST(Exec, ProgramByPathStartsWithDefaultSignals) {
    test_support::ScratchDir dir;
    struct sigaction caught{};
    caught.sa_handler = ignore_signal;
    struct sigaction old_usr1{};
    sigaction(SIGUSR1, &caught, &old_usr1);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigset_t block_usr2, old_mask;
    sigemptyset(&block_usr2);
    sigaddset(&block_usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block_usr2, &old_mask);

    int out = open(dir.file("status").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    exec::SpawnOptions options;
    options.stdout_fd = out;
    options.search_path = false;
    options.program = "/bin/cat";
    auto pid = exec::spawn({"cat", "/proc/self/status"}, options);
    close(out);
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    sigaction(SIGUSR1, &old_usr1, nullptr);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(exec::wait_for(*pid).ok());

    std::string status = *files::read_file(dir.file("status"), 1 << 16);
    auto bit = [](int sig) { return 1ULL << (sig - 1); };
    EXPECT_EQ(status_mask(status, "SigIgn") & bit(SIGPIPE), 0u);
    EXPECT_NE(status_mask(status, "SigIgn") & bit(SIGHUP), 0u);
    EXPECT_EQ(status_mask(status, "SigCgt"), 0u);
    EXPECT_EQ(status_mask(status, "SigBlk"), 0u);
}

// The critique wording is upstream's (scripts match it); one copy for every program.
TEST(Exec, CritiqueWords) {
    EXPECT_EQ(exec::critique(0, "compile foo.c on h"), "compile foo.c on h completed ok");
    EXPECT_EQ(exec::critique(1 << 8, "compile foo.c on h"), "compile foo.c on h failed");
    EXPECT_EQ(exec::critique(4 << 8, "gcc foo.c on localhost"), "gcc foo.c on localhost failed with exit code 4");
    EXPECT_EQ(exec::critique(SIGSEGV, "compile foo.c on h"), "compile foo.c on h: Segmentation fault");
    EXPECT_EQ(exec::critique(SIGSEGV | 0x80, "x"), "x: Segmentation fault (core dumped)");
    EXPECT_FALSE(exec::critique_is_failure(0));
    EXPECT_TRUE(exec::critique_is_failure(1 << 8));
    EXPECT_TRUE(exec::critique_is_failure(SIGKILL));
}
