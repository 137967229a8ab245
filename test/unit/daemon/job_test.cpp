// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/job.cpp with real processes: a JobServer serves requests over
// a socketpair and runs a fake compiler (a shell script) that copies its input to its
// output, fails, prints, or sleeps.  Checks replies, synthesised statuses, client
// disconnects, --job-lifetime, and that no job directory is left behind; and that
// protocol-3 trees go to the process's pump area, which release_files() removes.
#include "daemon/job.hpp"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/exec.hpp"
#include "common/files.hpp"
#include "compiler/file_probe.hpp"
#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

const char* k_fake_compiler = R"SH(#!/bin/sh
# fake compiler for job_test: behaviour chosen by the first line of the input
out=; in=
while [ $# -gt 0 ]; do
  case "$1" in -o) out=$2; shift ;; -c) ;; *) in=$1 ;; esac
  shift
done
case "$(head -n 1 "$in")" in
  sleep*) exec sleep 30 ;;
  fail*) echo "fake error in $in" >&2; exit 3 ;;
  nooutput*) exit 0 ;;
  env*) echo "safeguard=$_DISTCC_SAFEGUARD tmpdir=$TMPDIR" ;;
esac
echo "compiled $in"
cp "$in" "$out"
)SH";

class JobTest : public ::testing::Test {
protected:
    JobTest() {
        std::string bin = dir.file("bin");
        ::mkdir(bin.c_str(), 0755);
        ::mkdir(dir.file("tmp").c_str(), 0700);
        EXPECT_TRUE(files::write_file(bin + "/fakecc", k_fake_compiler, 0755).ok());
        settings.tmpdir = dir.file("tmp");
        settings.search_path = bin + ":/usr/bin:/bin";
        settings.admission.check_whitelist = false;
        settings.io_timeout_ms = 5000;
        settings.compiler_environment = exec::environment_with({{"_DISTCC_SAFEGUARD", "1"}});
    }

    // Send `wire`, optionally hang up, serve the job, and return what came back.
    std::string run(const std::string& wire, JobOutcome& outcome, bool hang_up = false) {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        UniqueFd client(fds[0]), server(fds[1]);
        EXPECT_EQ(::write(client.get(), wire.data(), wire.size()), static_cast<ssize_t>(wire.size()));
        if (hang_up) client.reset();
        JobServer jobs(settings, probe);
        outcome = jobs.serve(server.get(), server.get(), PeerAddress{});
        server.reset();
        std::string reply;
        if (client) reply = files::read_fd(client.get(), 1 << 20).value();
        return reply;
    }

    proto::Reply reply_of(const std::string& bytes, int version = 1) {
        proto::MemorySource source(bytes);
        auto reply = proto::read_reply(source, version, proto::WantDotd::no, proto::Limits{});
        EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().message) << " in: " << bytes.substr(0, 100);
        return reply.ok() ? *reply : proto::Reply{};
    }

    std::string request(const std::string& source_text, int version = 1) {
        proto::Request r;
        r.version = version;
        r.argv = {"fakecc", "-c", "hello.c", "-o", "hello.o"};
        r.doti = source_text;
        proto::MemorySink sink;
        EXPECT_TRUE(proto::write_request(sink, r).ok());
        return sink.data();
    }

    std::size_t entries_in_tmp() const { return entries(dir.file("tmp")).size(); }

    static std::vector<std::string> entries(const std::string& path) {
        std::vector<std::string> names;
        DIR* d = ::opendir(path.c_str());
        if (!d) return names;
        while (dirent* e = ::readdir(d))
            if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") names.push_back(e->d_name);
        ::closedir(d);
        return names;
    }

    test_support::ScratchDir dir;
    compiler::SystemFileProbe probe;
    JobSettings settings;
};

}  // namespace

TEST_F(JobTest, CompilesAndReturnsTheObject) {
    for (int version : {1, 2}) {
        JobOutcome outcome;
        proto::Reply reply = reply_of(run(request("int x;\n", version), outcome), version);
        EXPECT_EQ(reply.version, version);
        EXPECT_EQ(reply.status, 0u);
        EXPECT_EQ(reply.doto, "int x;\n");
        EXPECT_NE(reply.sout.find("compiled " + settings.tmpdir), std::string::npos) << reply.sout;
        EXPECT_NE(reply.sout.find("/input.i"), std::string::npos);
        EXPECT_EQ(outcome.category, JobCategory::compile_ok);
        EXPECT_EQ(outcome.compiler, "fakecc");
        EXPECT_EQ(outcome.input, "hello.c");
    }
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, CompilerEnvironmentHasSafeguardAndPrivateTmpdir) {
    JobOutcome outcome;
    proto::Reply reply = reply_of(run(request("env\n"), outcome));
    EXPECT_NE(reply.sout.find("safeguard=1 tmpdir=" + settings.tmpdir + "/distccd_"), std::string::npos) << reply.sout;
}

TEST_F(JobTest, CompileErrorReturnsStatusAndStderr) {
    JobOutcome outcome;
    proto::Reply reply = reply_of(run(request("fail\n"), outcome));
    EXPECT_EQ(reply.status, 3u << 8);
    EXPECT_NE(reply.serr.find("fake error in"), std::string::npos);
    EXPECT_TRUE(reply.doto.empty());
    EXPECT_EQ(outcome.category, JobCategory::compile_error);
    EXPECT_EQ(outcome.ret, 0);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, MissingCompilerIsStatus110WithTheMessageInSerr) {
    proto::Request r;
    r.argv = {"no-such-compiler", "-c", "hello.c", "-o", "hello.o"};
    r.doti = "int x;\n";
    proto::MemorySink sink;
    ASSERT_TRUE(proto::write_request(sink, r).ok());
    JobOutcome outcome;
    proto::Reply reply = reply_of(run(sink.data(), outcome));
    EXPECT_EQ(reply.status, 110u << 8);
    EXPECT_NE(reply.serr.find("failed to exec no-such-compiler"), std::string::npos) << reply.serr;
    EXPECT_EQ(outcome.category, JobCategory::compile_error);
}

TEST_F(JobTest, RefusalSendsNothing) {
    settings.admission.check_whitelist = true;
    settings.admission.whitelist_dirs = {dir.file("empty-whitelist")};
    JobOutcome outcome;
    EXPECT_EQ(run(request("int x;\n"), outcome), "");
    EXPECT_EQ(outcome.category, JobCategory::other);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, TruncatedRequestIsADisconnect) {
    std::string wire = request(std::string(1000, 'x'));
    JobOutcome outcome;
    EXPECT_EQ(run(wire.substr(0, wire.size() - 10), outcome, true), "");
    EXPECT_EQ(outcome.category, JobCategory::cli_disconn);
    EXPECT_EQ(outcome.ret, 107);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, ClientHangingUpKillsTheCompilerAtOnce) {
    auto start = std::chrono::steady_clock::now();
    JobOutcome outcome;
    run(request("sleep\n"), outcome, true);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(outcome.category, JobCategory::cli_disconn);
    EXPECT_LT(seconds, 3.0);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, JobLifetimeKillsTheCompilerAndReports118) {
    settings.job_lifetime_sec = 1;
    JobOutcome outcome;
    proto::Reply reply = reply_of(run(request("sleep\n"), outcome));
    EXPECT_EQ(reply.status, 118u << 8);
    EXPECT_NE(reply.serr.find("Compilation takes too long, timeout."), std::string::npos);
    EXPECT_EQ(outcome.category, JobCategory::compile_timeout);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, SuccessWithoutOutputFileSendsNoReply) {
    JobOutcome outcome;
    EXPECT_EQ(run(request("nooutput\n"), outcome), "");
    EXPECT_EQ(outcome.category, JobCategory::compile_error);
    EXPECT_EQ(entries_in_tmp(), 0u);
}

TEST_F(JobTest, PumpTreesGoToTheProcessPumpAreaWhichGoesWithReleaseFiles) {
    std::string shm = dir.file("shm");
    ASSERT_EQ(::mkdir(shm.c_str(), 0700), 0);
    settings.pump_tmpdir = shm;
    proto::Request r;
    r.version = 3;
    r.cwd = "/w";
    r.argv = {"fakecc", "-c", "hello.c", "-o", "hello.o"};
    r.files = {{proto::FileEntry::Kind::file, "/w/hello.c", proto::lzo_compress("int x;\n")}};
    proto::MemorySink sink;
    ASSERT_TRUE(proto::write_request(sink, r).ok());
    JobServer jobs(settings, probe);
    std::vector<std::string> area;
    for (int job = 0; job < 2; ++job) {
        int fds[2];
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        UniqueFd client(fds[0]), server(fds[1]);
        ASSERT_EQ(::write(client.get(), sink.data().data(), sink.data().size()),
                  static_cast<ssize_t>(sink.data().size()));
        jobs.serve(server.get(), server.get(), PeerAddress{});
        // One area, made on the first pump job and kept, empty, for the next.
        std::vector<std::string> now = entries(shm);
        ASSERT_EQ(now.size(), 1u);
        EXPECT_EQ(now[0].rfind("distccd-pump_", 0), 0u) << now[0];
        EXPECT_TRUE(entries(shm + "/" + now[0]).empty()) << "job " << job;
        if (job == 0) area = now;
        EXPECT_EQ(now, area);
    }
    jobs.release_files();  // what a retiring worker does before _exit
    EXPECT_TRUE(entries(shm).empty());
    EXPECT_EQ(entries_in_tmp(), 0u);
}
