// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/request.cpp: judging a request header (protocol versions, the
// argument scanner, admission, every cap) and receiving DOTI into a file, all over
// in-memory streams.
#include "daemon/request.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "common/fd.hpp"
#include "common/files.hpp"
#include "compiler/fake_file_probe.hpp"
#include "proto/lzo_codec.hpp"
#include "proto/messages.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;
using namespace dcc::daemon;
using dcc::compiler::test::FakeFileProbe;

namespace {

std::string packet(const char* token, const std::string& body) {
    char header[13];
    std::snprintf(header, sizeof header, "%s%08x", token, static_cast<unsigned>(body.size()));
    return header + body;
}

std::string value(const char* token, unsigned v) {
    char header[13];
    std::snprintf(header, sizeof header, "%s%08x", token, v);
    return header;
}

std::string header(int version, const std::vector<std::string>& argv) {
    std::string out = value("DIST", static_cast<unsigned>(version)) + value("ARGC", static_cast<unsigned>(argv.size()));
    for (const std::string& w : argv) out += packet("ARGV", w);
    return out;
}

class RequestTest : public ::testing::Test {
protected:
    RequestTest() {
        probe.executable("/usr/lib/distcc/gcc");
        policy.whitelist_dirs = {"/usr/lib/distcc"};
    }
    CheckedOrRefused check(const std::string& wire) {
        proto::MemorySource source(wire);
        return read_and_check_header(source, limits, policy, probe);
    }
    Refusal refusal_for(const std::string& wire) {
        CheckedOrRefused r = check(wire);
        EXPECT_TRUE(std::holds_alternative<Refusal>(r));
        return std::holds_alternative<Refusal>(r) ? std::get<Refusal>(r) : Refusal{};
    }
    FakeFileProbe probe;
    AdmissionPolicy policy;
    proto::Limits limits;
};

const std::vector<std::string> k_argv = {"gcc", "-O2", "-c", "src/hello.c", "-o", "hello.o"};

}  // namespace

TEST_F(RequestTest, AcceptsAPlainRequest) {
    CheckedOrRefused r = check(header(1, k_argv));
    ASSERT_TRUE(std::holds_alternative<CheckedRequest>(r));
    const CheckedRequest& c = std::get<CheckedRequest>(r);
    EXPECT_EQ(c.version, 1);
    EXPECT_EQ(c.compiler, "gcc");
    EXPECT_EQ(c.scan.input, "src/hello.c");
    EXPECT_EQ(c.scan.output, "hello.o");
    EXPECT_TRUE(std::holds_alternative<CheckedRequest>(check(header(2, k_argv))));
}

TEST_F(RequestTest, ProtocolVersions) {
    EXPECT_EQ(refusal_for(header(7, k_argv)).code, ExitCode::protocol_error);
    // Version 4 is the capability probe (doc/protocol.md §16.1): nothing follows DIST.
    CheckedOrRefused probe_request = check("DIST00000004");
    ASSERT_TRUE(std::holds_alternative<CheckedRequest>(probe_request));
    EXPECT_EQ(std::get<CheckedRequest>(probe_request).version, proto::k_probe_version);
    EXPECT_EQ(refusal_for(header(0, k_argv)).code, ExitCode::protocol_error);
    EXPECT_EQ(refusal_for("GET / HTTP/1.0\r\n\r\n").code, ExitCode::protocol_error);
    EXPECT_EQ(refusal_for("").code, ExitCode::truncated);
    EXPECT_EQ(refusal_for("DIST0000").code, ExitCode::truncated);
}

TEST_F(RequestTest, ProtocolThreeReadsCdirBeforeTheArgv) {
    std::string argv_part = header(1, k_argv).substr(12);
    CheckedOrRefused r = check(value("DIST", 3) + packet("CDIR", "/tmp/p") + argv_part);
    ASSERT_TRUE(std::holds_alternative<CheckedRequest>(r));
    EXPECT_EQ(std::get<CheckedRequest>(r).version, 3);
    EXPECT_EQ(std::get<CheckedRequest>(r).cwd, "/tmp/p");
    // CDIR is a client path like NAME: no '..', absolute.
    EXPECT_STREQ(refusal_for(value("DIST", 3) + packet("CDIR", "/tmp/../etc") + argv_part).rule, "protocol");
    EXPECT_EQ(refusal_for(value("DIST", 3) + packet("CDIR", "tmp") + argv_part).code, ExitCode::protocol_error);
    // The argument policy applies as in plain mode.
    EXPECT_STREQ(refusal_for(value("DIST", 3) + packet("CDIR", "/tmp") +
                             header(1, {"gcc", "-c", "x.c", "-o", "x.o", "-B/tmp"}).substr(12))
                     .rule,
                 "program");
}

TEST_F(RequestTest, TheFileListGoesIntoTheTree) {
    test_support::ScratchDir dir;
    auto tree = PumpTree::create(dir.path(), limits);
    ASSERT_TRUE(tree.ok());
    std::string body = proto::lzo_compress("int x;\n");
    std::string wire = value("NFIL", 2) + packet("NAME", "/p/a.h") + packet("FILE", body) + packet("NAME", "/usr/include") +
                       packet("LINK", "../../usr/include");
    proto::MemorySource source(wire);
    ASSERT_TRUE(receive_file_list(source, limits, *tree).ok());
    EXPECT_EQ(*files::read_file(tree->root() + "/p/a.h", 100), "int x;\n");
    // MemorySource keeps a view: the bytes must outlive it.
    std::string bad_wire = value("NFIL", 1) + packet("NAME", "../x") + packet("FILE", body);
    proto::MemorySource bad(bad_wire);
    EXPECT_EQ(receive_file_list(bad, limits, *tree).error().code, ExitCode::protocol_error);
    std::string cut_wire = value("NFIL", 2) + packet("NAME", "/p/b.h") + packet("FILE", body);
    proto::MemorySource cut(cut_wire);
    EXPECT_FALSE(receive_file_list(cut, limits, *tree).ok());
    limits.max_files = 1;
    proto::MemorySource many(wire);
    EXPECT_EQ(receive_file_list(many, limits, *tree).error().code, ExitCode::protocol_error);
}

TEST_F(RequestTest, TheScannerDecidesAsOnTheClient) {
    Refusal preprocess = refusal_for(header(1, {"gcc", "-E", "hello.c"}));
    EXPECT_STREQ(preprocess.rule, "not_distributable");
    EXPECT_EQ(preprocess.code, ExitCode::local_cpp);
    EXPECT_STREQ(refusal_for(header(1, {"gcc", "hello.c", "-o", "hello"})).rule, "not_distributable");
    EXPECT_STREQ(refusal_for(header(1, {"gcc", "-c", "a.c", "b.c"})).rule, "not_distributable");
    EXPECT_STREQ(refusal_for(header(1, {"gcc", "-c", "hello.c", "-march=native"})).rule, "not_distributable");
    EXPECT_STREQ(refusal_for(header(1, {"-c", "hello.c"})).rule, "not_distributable");
    EXPECT_EQ(refusal_for(header(1, {"gcc", "-c", "hello.c", "-specs=x"})).code, ExitCode::distcc_failed);
}

TEST_F(RequestTest, AdmissionRunsOnTheScannedArgv) {
    EXPECT_STREQ(refusal_for(header(1, {"sh", "-c", "x.c", "-o", "x.o"})).rule, "whitelist");
    EXPECT_STREQ(refusal_for(header(1, {"gcc", "-c", "x.c", "-o", "x.o", "-B/tmp"})).rule, "program");
    // -Wp, is expanded before the checks see the words.
    EXPECT_STREQ(refusal_for(header(1, {"gcc", "-c", "x.c", "-o", "x.o", "-Wp,-MD,/etc/x"})).rule, "output_path");
}

TEST_F(RequestTest, EveryClaimedLengthIsCapped) {
    limits.max_argc = 8;
    limits.max_arg_length = 64;
    limits.max_argv_total = 100;
    EXPECT_EQ(refusal_for(value("DIST", 1) + value("ARGC", 9)).code, ExitCode::protocol_error);
    EXPECT_EQ(refusal_for(value("DIST", 1) + value("ARGC", 0xffffffff)).code, ExitCode::protocol_error);
    EXPECT_EQ(refusal_for(header(1, {"gcc", std::string(65, 'x')})).code, ExitCode::protocol_error);
    std::vector<std::string> long_total{"gcc", "-c", "x.c", std::string(60, 'D'), std::string(60, 'D')};
    EXPECT_EQ(refusal_for(header(1, long_total)).code, ExitCode::protocol_error);
    // A claimed length without the bytes behind it is a truncation, not an allocation.
    EXPECT_EQ(refusal_for(value("DIST", 1) + value("ARGC", 1) + value("ARGV", 60)).code, ExitCode::truncated);
}

TEST(ReceiveDoti, PlainAndCompressedBodiesLandInTheFile) {
    test_support::ScratchDir dir;
    proto::Limits limits;
    std::string text = "int main(void) { return 0; }\n" + std::string(100000, ' ') + "\n";
    for (int version : {1, 2}) {
        std::string body = version == 2 ? proto::lzo_compress(text) : text;
        std::string wire = packet("DOTI", body);
        std::string path = dir.file("in" + std::to_string(version) + ".i");
        UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
        proto::MemorySource source(wire);
        auto size = receive_doti(source, version, limits, fd.get());
        ASSERT_TRUE(size.ok());
        EXPECT_EQ(*size, text.size());
        EXPECT_EQ(files::read_file(path, 1 << 20).value(), text);
    }
}

TEST(ReceiveDoti, HostileBodies) {
    test_support::ScratchDir dir;
    proto::Limits limits;
    limits.max_item_size = 1000;
    UniqueFd fd(::open(dir.file("x.i").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
    auto receive = [&](const std::string& wire, int version) {
        proto::MemorySource source(wire);
        auto s = receive_doti(source, version, limits, fd.get());
        EXPECT_FALSE(s.ok());
        return s.ok() ? ExitCode::ok : s.error().code;
    };
    EXPECT_EQ(receive("DOTI00001001", 1), ExitCode::protocol_error);          // over the cap
    EXPECT_EQ(receive("DOTIffffffff", 1), ExitCode::protocol_error);          // 4 GiB claim
    EXPECT_EQ(receive("DOTI00000010short", 1), ExitCode::io_error);           // client went away
    EXPECT_EQ(receive(packet("DOTI", "\xff\x00\x13\x37"), 2), ExitCode::protocol_error);  // LZO garbage
    std::string bomb = proto::lzo_compress(std::string(5000, 'a'));          // expands past the cap
    EXPECT_EQ(receive(packet("DOTI", bomb), 2), ExitCode::protocol_error);
    EXPECT_EQ(receive("ARGV00000000", 1), ExitCode::protocol_error);
}

TEST(InputExtension, FollowsTheSourceKind) {
    EXPECT_EQ(input_extension("a.c"), ".i");
    EXPECT_EQ(input_extension("dir/a.cpp"), ".ii");
    EXPECT_EQ(input_extension("a.i"), ".i");
    EXPECT_EQ(input_extension("a.m"), ".mi");
    EXPECT_EQ(input_extension("a.mm"), ".mii");
    EXPECT_EQ(input_extension("a.cu"), ".tmp");
}

// Versions 5 and 6 (doc/protocol.md §16.4): CDIR first; the words the daemon serves
// are hidden from the argument policy, and nothing that runs code is.
TEST_F(RequestTest, SideFileRequests) {
    policy.check_whitelist = false;
    auto side = [](const std::vector<std::string>& argv) {
        proto::MemorySink sink;
        EXPECT_TRUE(proto::write_request_header(sink, 5, "/home/me", argv));
        return sink.data();
    };
    CheckedOrRefused ok = check(
        side({"clang", "-fsanitize-ignorelist=ign.txt", "-g", "-gsplit-dwarf", "-c", "a.c", "-o", "sub/a.o"}));
    ASSERT_TRUE(std::holds_alternative<CheckedRequest>(ok));
    const CheckedRequest& c = std::get<CheckedRequest>(ok);
    EXPECT_EQ(c.cwd, "/home/me");
    ASSERT_EQ(c.side.inputs.size(), 1u);
    ASSERT_EQ(c.side.outputs.size(), 1u);
    EXPECT_EQ(c.side.outputs[0].path, "sub/a.dwo");
    // The same option in version 1 is refused by the policy (reads_file).
    EXPECT_EQ(std::string(
                  refusal_for(header(1, {"clang", "-fsanitize-ignorelist=ign.txt", "-c", "a.c", "-o", "a.o"})).rule),
              "input_path");
    for (const char* bad : {"-fplugin=x.so", "-B/tmp/evil", "-wrapper", "-specs=x"}) {
        Refusal r = refusal_for(side({"clang", "-fsanitize-ignorelist=i", bad, "-c", "a.c", "-o", "a.o"}));
        EXPECT_NE(std::string(r.rule), "") << bad;
    }
    EXPECT_EQ(std::string(refusal_for(side({"gcc", "-g", "-gsplit-dwarf", "-c", "a.c", "-o", "/abs/a.o"})).rule),
              "side_files");
}

// gcc coverage (doc/protocol.md §16.6): served in versions 5 and 6 with the coverage
// words hidden from the policy; refused in versions 1-3 as 3.4's scanner would; never
// together with another file named after the object.
TEST_F(RequestTest, CoverageOnlyOverTheExtension) {
    policy.check_whitelist = false;
    proto::MemorySink sink;
    ASSERT_TRUE(proto::write_request_header(sink, 5, "/home/me", {"gcc", "--coverage", "-c", "a.c", "-o", "sub/a.o"}));
    CheckedOrRefused ok = check(sink.data());
    ASSERT_TRUE(std::holds_alternative<CheckedRequest>(ok));
    const CheckedRequest& c = std::get<CheckedRequest>(ok);
    EXPECT_TRUE(c.side.coverage);
    ASSERT_EQ(c.side.outputs.size(), 1u);
    EXPECT_EQ(c.side.outputs[0].path, "sub/a.gcno");
    for (const char* word : {"--coverage", "-fprofile-arcs", "-ftest-coverage"}) {
        Refusal r = refusal_for(header(1, {"gcc", word, "-c", "a.c", "-o", "a.o"}));
        EXPECT_STREQ(r.rule, "not_distributable") << word;
        EXPECT_EQ(r.code, ExitCode::distcc_failed) << word;
    }
    proto::MemorySink mixed;
    ASSERT_TRUE(proto::write_request_header(mixed, 5, "/home/me",
                                            {"gcc", "--coverage", "-fstack-usage", "-c", "a.c", "-o", "a.o"}));
    EXPECT_STREQ(refusal_for(mixed.data()).rule, "side_files");
}
