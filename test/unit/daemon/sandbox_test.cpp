// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/sandbox.cpp and sandbox_init.cpp with real sandboxes: what a
// compiler sees inside (its directory, a read-only root, no network, no other
// processes) and how a run ends.  Skipped where the kernel gives an unprivileged
// user no namespaces, and as root (the daemon never runs compilers as root: it
// drops privileges first, and only then starts sandboxes).
#include "daemon/sandbox.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "common/cleanup.hpp"
#include "common/clock.hpp"
#include "common/fd.hpp"
#include "proto/buffered_source.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

class SandboxTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() == 0) GTEST_SKIP() << "the daemon starts sandboxes only after dropping root";
        char base[] = "/tmp/dcc-sandbox-test-XXXXXX";
        ASSERT_NE(::mkdtemp(base), nullptr);
        m_tmpdir = base;
        m_job_dir = m_tmpdir + "/distccd_test";
        ASSERT_EQ(::mkdir(m_job_dir.c_str(), 0700), 0);
        Sandbox::Settings settings{plan_layout(m_job_dir, m_tmpdir), sandbox_limits(0),
                                   {"PATH=/usr/bin:/bin", "TMPDIR=" + m_tmpdir}};
        auto started = Sandbox::start(settings);
        if (!started) GTEST_SKIP() << "no sandbox on this kernel: " << started.error().message;
        m_sandbox.emplace(std::move(*started));
        m_out.reset(::memfd_create("out", MFD_CLOEXEC));
        m_null.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
    }
    void TearDown() override {
        m_sandbox.reset();
        if (!m_tmpdir.empty()) cleanup::remove_tree(m_tmpdir.c_str());
    }

    Status launch(const std::string& script, const std::string& cwd = {}) {
        ::ftruncate(m_out.get(), 0);
        ::lseek(m_out.get(), 0, SEEK_SET);
        CompilerRun run{"/bin/sh", {"sh", "-c", script}, m_null.get(), m_out.get(), m_out.get(), nullptr, cwd};
        return m_sandbox->launch(run);
    }

    // Run `script` to its end (in `cwd`, if given); its exit code, its output in `output`.
    int run(const std::string& script, std::string& output, const std::string& cwd = {}) {
        EXPECT_TRUE(launch(script, cwd).ok());
        auto result = m_sandbox->supervise(-1, clock::monotonic_ms() + 10000);
        EXPECT_TRUE(result.ok());
        if (!result) return -1;
        EXPECT_EQ(result->end, RunEnd::exited);
        output = read_output();
        return WIFEXITED(result->wait_status) ? WEXITSTATUS(result->wait_status) : 128 + WTERMSIG(result->wait_status);
    }

    std::string read_output() {
        std::string text(65536, '\0');
        ssize_t n = ::pread(m_out.get(), text.data(), text.size(), 0);
        text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        return text;
    }

    std::string m_tmpdir;
    std::string m_job_dir;
    std::optional<Sandbox> m_sandbox;
    UniqueFd m_out;
    UniqueFd m_null;
};

}  // namespace

TEST_F(SandboxTest, RunsInTheJobDirectoryMountedOverTmpdir) {
    std::string out;
    EXPECT_EQ(run("pwd; echo \"$TMPDIR\"; echo made > here.txt", out), 0);
    EXPECT_EQ(out, m_tmpdir + "\n" + m_tmpdir + "\n");
    struct stat st{};
    EXPECT_EQ(::stat((m_job_dir + "/here.txt").c_str(), &st), 0) << "a relative path lands in the job directory";
}

TEST_F(SandboxTest, RunsInTheWorkingDirectoryOfTheLaunch) {
    // A pump job's <root><CDIR>, as the compiler sees it (doc/protocol.md §9).
    ASSERT_EQ(::mkdir((m_job_dir + "/pump_x").c_str(), 0700), 0);
    std::string out;
    EXPECT_EQ(run("pwd", out, m_tmpdir + "/pump_x"), 0);
    EXPECT_EQ(out, m_tmpdir + "/pump_x\n");
    EXPECT_EQ(run("pwd", out), 0);
    EXPECT_EQ(out, m_tmpdir + "\n") << "the next launch without a cwd is back in the job directory";
}

TEST_F(SandboxTest, EverythingElseIsReadOnly) {
    std::string out;
    std::string outside = m_tmpdir + "-outside";
    EXPECT_NE(run("echo x > " + outside + " 2>&1 || exit 7", out), 0) << out;
    EXPECT_NE(::access(outside.c_str(), F_OK), 0);
    EXPECT_EQ(run("touch /etc/dcc-sandbox-probe 2>/dev/null; echo $?", out), 0);
    EXPECT_NE(out, "0\n");
    EXPECT_EQ(run("echo fine > /dev/null && echo ok", out), 0);
    EXPECT_EQ(out, "ok\n");
}

TEST_F(SandboxTest, SeesNoOtherProcessAndNoNetwork) {
    std::string out;
    EXPECT_EQ(run("for p in /proc/[0-9]*; do echo ${p#/proc/}; done", out), 0);
    // The sandbox's first process, the shell and its loop: nothing of the host.
    for (const char* line : {"1\n"}) EXPECT_NE(out.find(line), std::string::npos) << out;
    EXPECT_LT(out.size(), 12u) << out;
    EXPECT_EQ(run("cat /proc/net/dev | grep -c : ", out), 0);
    EXPECT_EQ(out, "1\n") << "only lo";
}

TEST_F(SandboxTest, RunsUnderTheLimits) {
    std::string out;
    EXPECT_EQ(run("grep -E '^Max (cpu time|file size|processes|address space|core file size) ' /proc/self/limits"
                  " | tr -s ' '", out),
              0);
    EXPECT_NE(out.find("Max cpu time 1800 1800 seconds"), std::string::npos) << out;
    EXPECT_NE(out.find("Max file size 4294967296 4294967296 bytes"), std::string::npos) << out;
    EXPECT_NE(out.find("Max processes 256 256 processes"), std::string::npos) << out;
    EXPECT_NE(out.find("Max address space 8589934592 8589934592 bytes"), std::string::npos) << out;
    EXPECT_NE(out.find("Max core file size 0 0 bytes"), std::string::npos) << out;
}

TEST_F(SandboxTest, KillsWhatOutlivesTheCompiler) {
    EXPECT_TRUE(launch("sleep 30 & exit 0").ok());
    int64_t start = clock::monotonic_ms();
    auto result = m_sandbox->supervise(-1, start + 10000);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->end, RunEnd::exited);
    EXPECT_TRUE(result->group_survives);
    EXPECT_LT(clock::monotonic_ms() - start, 5000);
    std::string out;
    EXPECT_EQ(run("echo next", out), 0) << "the sandbox serves the next job";
    EXPECT_EQ(out, "next\n");
}

TEST_F(SandboxTest, TheDeadlineKillsTheSandbox) {
    EXPECT_TRUE(launch("sleep 30").ok());
    auto result = m_sandbox->supervise(-1, clock::monotonic_ms() + 200);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->end, RunEnd::deadline);
    EXPECT_FALSE(m_sandbox->running());
}

TEST_F(SandboxTest, AMissingProgramIsCompilerMissingAndTheSandboxStays) {
    CompilerRun run{"/nonexistent/cc", {"cc"}, m_null.get(), m_out.get(), m_out.get(), nullptr, {}};
    Status launched = m_sandbox->launch(run);
    ASSERT_FALSE(launched.ok());
    EXPECT_EQ(launched.error().code, ExitCode::compiler_missing);
    EXPECT_TRUE(m_sandbox->running());
    std::string out;
    EXPECT_EQ(this->run("exit 4", out), 4);
}
