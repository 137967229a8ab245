// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/cached_probe.cpp: answers are reused within their lifetime,
// asked again after it, and kept apart per question and per path.
#include "daemon/cached_probe.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace dcc;

namespace {

int64_t g_now_ms = 0;
int64_t fake_clock() { return g_now_ms; }

class CountingProbe final : public compiler::FileProbe {
public:
    bool is_executable(const std::string& path) const override {
        ++calls;
        return executable.count(path) > 0;
    }
    std::optional<std::string> read_link(const std::string& path) const override {
        ++calls;
        auto it = links.find(path);
        if (it == links.end()) return std::nullopt;
        return it->second;
    }
    bool is_regular_file(const std::string& path) const override {
        ++calls;
        return regular.count(path) > 0;
    }

    std::map<std::string, bool> executable, regular;
    std::map<std::string, std::string> links;
    mutable int calls = 0;
};

}  // namespace

TEST(CachingFileProbe, RepeatsAnAnswerWithinItsLifetime) {
    g_now_ms = 1000;
    CountingProbe inner;
    inner.executable["/usr/lib/distcc/gcc"] = true;
    daemon::CachingFileProbe probe(inner, fake_clock);
    EXPECT_TRUE(probe.is_executable("/usr/lib/distcc/gcc"));
    EXPECT_FALSE(probe.is_executable("/usr/local/lib/distcc/gcc"));
    EXPECT_EQ(inner.calls, 2);
    g_now_ms += daemon::CachingFileProbe::k_answer_lifetime_ms - 1;
    EXPECT_TRUE(probe.is_executable("/usr/lib/distcc/gcc"));
    EXPECT_FALSE(probe.is_executable("/usr/local/lib/distcc/gcc"));
    EXPECT_EQ(inner.calls, 2);
}

TEST(CachingFileProbe, AsksAgainOnceAnAnswerExpired) {
    g_now_ms = 5000;
    CountingProbe inner;
    daemon::CachingFileProbe probe(inner, fake_clock);
    EXPECT_FALSE(probe.is_regular_file("/usr/lib/distcc/cc"));
    inner.regular["/usr/lib/distcc/cc"] = true;  // the administrator adds the link
    g_now_ms += daemon::CachingFileProbe::k_answer_lifetime_ms;
    EXPECT_TRUE(probe.is_regular_file("/usr/lib/distcc/cc"));
    EXPECT_EQ(inner.calls, 2);
}

TEST(CachingFileProbe, KeepsQuestionsApart) {
    g_now_ms = 0;
    CountingProbe inner;
    inner.executable["/p/gcc"] = true;
    inner.links["/p/gcc"] = "../../bin/distcc";
    daemon::CachingFileProbe probe(inner, fake_clock);
    EXPECT_TRUE(probe.is_executable("/p/gcc"));
    EXPECT_FALSE(probe.is_regular_file("/p/gcc"));
    EXPECT_EQ(probe.read_link("/p/gcc"), std::optional<std::string>("../../bin/distcc"));
    EXPECT_EQ(probe.read_link("/p/gcc"), std::optional<std::string>("../../bin/distcc"));
    EXPECT_EQ(probe.read_link("/p/cc"), std::nullopt);
    EXPECT_EQ(inner.calls, 4);
}
