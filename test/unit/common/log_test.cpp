// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the log line format and destinations (src/common/log.cpp).
#include "common/log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "common/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dcc;

TEST(Log, LineFormatMatchesUpstream) {
    EXPECT_EQ(log::format_line("distcc", 23025, log::Level::error, nullptr, "compile bad.c on localhost failed"),
              "distcc[23025] ERROR: compile bad.c on localhost failed\n");
    EXPECT_EQ(log::format_line("distccd", 5, log::Level::warning, "dcc_check", "x"), "distccd[5] (dcc_check) Warning: x\n");
    EXPECT_EQ(log::format_line("distcc", 1, log::Level::critical, "f", "y"), "distcc[1] (f) CRITICAL! y\n");
    EXPECT_EQ(log::format_line("distcc", 1, log::Level::info, "f", "z\n"), "distcc[1] (f) z\n");
}

TEST(Log, ParseLevel) {
    log::Level l{};
    EXPECT_TRUE(log::parse_level("warn", l));
    EXPECT_EQ(l, log::Level::warning);
    EXPECT_TRUE(log::parse_level("emergency", l));
    EXPECT_EQ(l, log::Level::emergency);
    EXPECT_FALSE(log::parse_level("loud", l));
}

TEST(Log, FileDestinationLevelAndCapture) {
    test_support::ScratchDir dir;
    std::string error;
    ASSERT_TRUE(log::to_file(dir.file("log"), &error)) << error;
    log::set_program_name("distccd");
    log::set_level(log::Level::notice);
    int capture = open(dir.file("capture").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    log::set_capture_fd(capture);
    DCC_INFO("hidden %d", 1);
    DCC_NOTICE("shown %d", 2);
    DCC_ERROR("bad %s", "thing");
    log::set_capture_fd(-1);
    close(capture);
    log::to_stderr();
    std::string text = *files::read_file(dir.file("log"), 10000);
    EXPECT_EQ(text.find("hidden"), std::string::npos);
    EXPECT_NE(text.find("shown 2"), std::string::npos);
    EXPECT_NE(text.find("ERROR: bad thing"), std::string::npos);
    std::string captured = *files::read_file(dir.file("capture"), 10000);
    EXPECT_EQ(captured.find("shown"), std::string::npos);
    EXPECT_NE(captured.find("(TestBody) ERROR: bad thing"), std::string::npos);
}

// doc/security.md §4: a client-supplied newline, CR or ESC never starts a new line.
TEST(Log, ControlCharactersInMessagesAreEscaped) {
    test_support::ScratchDir dir;
    std::string error;
    ASSERT_TRUE(log::to_file(dir.file("log"), &error)) << error;
    log::set_program_name("distccd");
    log::set_level(log::Level::info);
    DCC_INFO("compiler %s done", "gcc\ndistccd[1] ERROR: forged\r\x1b[2J\x7f");
    DCC_INFO("ends with its own newline\n");
    log::to_stderr();
    std::string text = *files::read_file(dir.file("log"), 10000);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
    EXPECT_NE(text.find("compiler gcc\\ndistccd[1] ERROR: forged\\r\\x1b[2J\\x7f done\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ends with its own newline\n"), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
}
