// SPDX-License-Identifier: GPL-2.0-or-later
// Golden byte sequences composed from doc/protocol.md §7 and §13: what we write
// must equal them byte for byte, and what we read from them must be the message.
#include <gtest/gtest.h>

#include "proto/messages.hpp"

using namespace dcc;
using namespace dcc::proto;

namespace {

std::string bytes(std::initializer_list<unsigned char> list) { return std::string(list.begin(), list.end()); }

const std::string k_foo_lzo =
    bytes({0x25}) + "int foo(){return 0;}" + bytes({0x11, 0x00, 0x00});

Limits limits;

}  // namespace

TEST(Golden, Protocol1RequestSection71) {
    Request r;
    r.version = 1;
    r.argv = {"gcc", "-c", "t.c", "-o", "t.o"};
    r.doti = "int x;\n";
    const std::string wire =
        "DIST00000001ARGC00000005ARGV00000003gccARGV00000002-cARGV00000003t.c"
        "ARGV00000002-oARGV00000003t.oDOTI00000007int x;\n";
    MemorySink sink;
    ASSERT_TRUE(write_request(sink, r).ok());
    EXPECT_EQ(sink.data(), wire);
    MemorySource source(wire);
    auto back = read_request(source, limits);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, r);
}

TEST(Golden, Protocol1ReplySection71) {
    std::string object = "\x7f" "ELF" + std::string(1012, '\x01');
    Reply reply;
    reply.version = 1;
    reply.doto = object;
    const std::string wire = "DONE00000001STAT00000000SERR00000000SOUT00000000DOTO000003f8" + object;
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, reply).ok());
    EXPECT_EQ(sink.data(), wire);
    MemorySource source(wire);
    auto back = read_reply(source, 1, WantDotd::no, limits);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, reply);
}

TEST(Golden, Protocol2CompressedDotiSection72) {
    Request r;
    r.version = 2;
    r.argv = {"cc", "-c", "hello.c", "-o", "hello.o"};
    r.doti = "int foo(){return 0;}";
    MemorySink sink;
    ASSERT_TRUE(write_request(sink, r).ok());
    const std::string tail = "DOTI00000018" + k_foo_lzo;
    ASSERT_GE(sink.data().size(), tail.size());
    EXPECT_EQ(sink.data().substr(sink.data().size() - tail.size()), tail);
    MemorySource source(sink.data());
    auto back = read_request(source, limits);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->doti, r.doti);
}

TEST(Golden, CompileErrorReplySection73) {
    std::string message = "bad.c: In function 'f':\nbad.c:1:20: error: expected\n";
    const std::string wire = "DONE00000001STAT00000100SERR00000034" + message +
                             "SOUT00000000DOTO00000000";
    ASSERT_EQ(message.size(), 0x34u);
    Reply reply;
    reply.version = 1;
    reply.status = 0x100;
    reply.serr = message;
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, reply).ok());
    EXPECT_EQ(sink.data(), wire);
    MemorySource source(wire);
    auto back = read_reply(source, 1, WantDotd::no, limits);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->status, 0x100u);
    EXPECT_EQ(back->serr, message);
    EXPECT_EQ(back->doto, "");
}

TEST(Golden, Protocol3RequestSection74) {
    Request r;
    r.version = 3;
    r.cwd = "/tmp/p";
    r.argv = {"x86_64-linux-gnu-gcc", "-I/tmp/p/inc", "-Iinc", "-c", "src/main.c", "-o", "main.o", "-MD", "-MT", "main.o"};
    r.files = {
        {FileEntry::Kind::file, "/tmp/p/src/main.c", k_foo_lzo},
        {FileEntry::Kind::link, "/usr/include", "../../../usr/include"},
        {FileEntry::Kind::file, "/tmp/p/src/forcing_technique_271828", ""},
    };
    MemorySink sink;
    ASSERT_TRUE(write_request(sink, r).ok());
    const std::string& w = sink.data();
    EXPECT_EQ(w.substr(0, 30), "DIST00000003CDIR00000006/tmp/p");
    EXPECT_NE(w.find("ARGC0000000aARGV00000014x86_64-linux-gnu-gcc"), std::string::npos);
    EXPECT_NE(w.find("NFIL00000003NAME00000011/tmp/p/src/main.cFILE00000018" + k_foo_lzo), std::string::npos);
    EXPECT_NE(w.find("NAME0000000c/usr/includeLINK00000014../../../usr/include"), std::string::npos);
    EXPECT_NE(w.find("NAME00000023/tmp/p/src/forcing_technique_271828FILE00000000"), std::string::npos);
    MemorySource source(w);
    auto back = read_request(source, limits);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, r);
}

TEST(Golden, Protocol3ReplyHasDotdOnlyOnSuccess) {
    Reply ok;
    ok.version = 3;
    ok.doto = "obj";
    ok.dotd = "main.o: src/main.c\n";
    MemorySink sink;
    ASSERT_TRUE(write_reply(sink, ok).ok());
    EXPECT_NE(sink.data().find("DOTD"), std::string::npos);
    MemorySource source(sink.data());
    auto back = read_reply(source, 3, WantDotd::yes, limits);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, ok);

    Reply fail;
    fail.version = 3;
    fail.status = 0x100;
    MemorySink sink2;
    ASSERT_TRUE(write_reply(sink2, fail).ok());
    EXPECT_EQ(sink2.data(), "DONE00000003STAT00000100SERR00000000SOUT00000000DOTO00000000");
}

TEST(Golden, LsdistccProbesSection13) {
    Request v1;
    v1.version = 1;
    v1.argv = {"gcc", "-c", "hello.c", "-o", "hello.o"};
    v1.doti = "int foo(){return 0;}";
    MemorySink s1;
    ASSERT_TRUE(write_request(s1, v1).ok());
    EXPECT_EQ(s1.data(),
              "DIST00000001ARGC00000005ARGV00000003gccARGV00000002-cARGV00000007hello.c"
              "ARGV00000002-oARGV00000007hello.oDOTI00000014int foo(){return 0;}");

    Request v3;
    v3.version = 3;
    v3.cwd = "/";
    v3.argv = v1.argv;
    v3.files = {{FileEntry::Kind::file, "/hello.c", k_foo_lzo}};
    MemorySink s3;
    ASSERT_TRUE(write_request(s3, v3).ok());
    EXPECT_EQ(s3.data(),
              "DIST00000003CDIR00000001/ARGC00000005ARGV00000003gccARGV00000002-cARGV00000007hello.c"
              "ARGV00000002-oARGV00000007hello.oNFIL00000001NAME00000008/hello.cFILE00000018" + k_foo_lzo);
}
