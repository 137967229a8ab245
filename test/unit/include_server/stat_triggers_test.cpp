// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for stat reset triggers (include_server/stat_triggers.cpp) with a fake glob
// and fake stamps.
#include "include_server/stat_triggers.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace dcc::include_server;

namespace {

struct FakeDisk {
    std::map<std::string, Stamp> files;
    StatResetTriggers::Glob glob() {
        return [this](const std::string& pattern) {
            std::vector<std::string> out;
            std::string prefix = pattern.substr(0, pattern.find('*'));
            for (const auto& [path, stamp] : files)
                if (path.starts_with(prefix)) out.push_back(path);
            return out;
        };
    }
    StatResetTriggers::StampOf stamp() {
        return [this](const std::string& path) { return files.at(path); };
    }
};

}  // namespace

TEST(StatResetTriggers, QuietWhileNothingChanges) {
    FakeDisk disk;
    disk.files["gen/a.h"] = Stamp{1, 10, 1, false};
    StatResetTriggers triggers({"gen/*"}, disk.glob(), disk.stamp());
    EXPECT_FALSE(triggers.check());
    EXPECT_FALSE(triggers.check());
}

TEST(StatResetTriggers, ChangeNewAndVanished) {
    FakeDisk disk;
    disk.files["gen/a.h"] = Stamp{1, 10, 1, false};
    StatResetTriggers triggers({"gen/*", "other"}, disk.glob(), disk.stamp());
    disk.files["gen/a.h"].mtime_ns = 2;
    EXPECT_EQ(triggers.check(), std::optional<std::string>("Path 'gen/a.h' changed. Clearing caches."));
    EXPECT_FALSE(triggers.check());
    disk.files["gen/b.h"] = Stamp{1, 11, 1, false};
    EXPECT_EQ(triggers.check(), std::optional<std::string>("Path 'gen/b.h' came into existence. Clearing caches."));
    disk.files.erase("gen/a.h");
    EXPECT_EQ(triggers.check(), std::optional<std::string>("Path 'gen/a.h' no longer exists. Clearing caches."));
    EXPECT_FALSE(triggers.check());  // reported once, unlike upstream
}

TEST(StatResetTriggers, OneChangePerCheck) {
    FakeDisk disk;
    disk.files["gen/a.h"] = Stamp{1, 10, 1, false};
    disk.files["gen/b.h"] = Stamp{1, 11, 1, false};
    StatResetTriggers triggers({"gen/*"}, disk.glob(), disk.stamp());
    disk.files["gen/a.h"].inode = 99;
    disk.files["gen/b.h"].device = 2;
    EXPECT_TRUE(triggers.check());
    EXPECT_TRUE(triggers.check());
    EXPECT_FALSE(triggers.check());
}

TEST(StatResetTriggers, RealStamps) {
    Stamp missing = stamp_of_path("/nonexistent/file");
    EXPECT_TRUE(missing.missing);
    Stamp root = stamp_of_path("/");
    EXPECT_FALSE(root.missing);
    EXPECT_NE(root.inode, 0u);
}
