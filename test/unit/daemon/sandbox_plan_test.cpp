// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/sandbox_plan.cpp: where the job directory appears inside,
// how paths translate, the order of the mount steps and the limits.
#include "daemon/sandbox_plan.hpp"

#include <gtest/gtest.h>

using namespace dcc::daemon;

TEST(SandboxLayout, JobDirectoryCoversTmpdir) {
    SandboxLayout l = plan_layout("/tmp/distccd_Ab12Cd", "/tmp");
    EXPECT_EQ(l.job_dir, "/tmp/distccd_Ab12Cd");
    EXPECT_EQ(l.inside_dir, "/tmp");
}

TEST(SandboxLayout, TrailingSlashesDoNotMatter) {
    SandboxLayout l = plan_layout("/var/tmp/distccd_x/", "/var/tmp//");
    EXPECT_EQ(l.job_dir, "/var/tmp/distccd_x");
    EXPECT_EQ(l.inside_dir, "/var/tmp");
}

TEST(SandboxLayout, RootTmpdirCannotBeCovered) {
    SandboxLayout l = plan_layout("/distccd_x", "/");
    EXPECT_EQ(l.inside_dir, "/distccd_x");
    EXPECT_EQ(plan_layout("/distccd_x", "").inside_dir, "/distccd_x");
}

TEST(InsidePath, MovesOnlyPathsInTheJobDirectory) {
    SandboxLayout l = plan_layout("/tmp/distccd_Ab12Cd", "/tmp");
    EXPECT_EQ(inside_path(l, "/tmp/distccd_Ab12Cd/input.i"), "/tmp/input.i");
    EXPECT_EQ(inside_path(l, "/tmp/distccd_Ab12Cd/sub/output.o"), "/tmp/sub/output.o");
    EXPECT_EQ(inside_path(l, "/tmp/distccd_Ab12Cd"), "/tmp");
    EXPECT_EQ(inside_path(l, "/tmp/distccd_Ab12CdX/input.i"), "/tmp/distccd_Ab12CdX/input.i");
    EXPECT_EQ(inside_path(l, "/usr/bin/gcc"), "/usr/bin/gcc");
    EXPECT_EQ(inside_path(l, "input.i"), "input.i");
}

TEST(PlanMounts, CopiesTheJobDirectoryBeforeTheRootTurnsReadOnly) {
    using K = MountStep::Kind;
    SandboxLayout l = plan_layout("/srv/tmp/distccd_1", "/srv/tmp");
    std::vector<MountStep> expected = {
        {K::make_private, "", "/"},
        {K::detach_copy, "/srv/tmp/distccd_1", ""},
        {K::make_read_only, "", "/"},
        {K::attach_copy, "", "/srv/tmp"},
        {K::mount_proc, "", "/proc"},
    };
    EXPECT_EQ(plan_mounts(l), expected);
}

TEST(SandboxLimits, DefaultsAndJobLifetime) {
    SandboxLimits d = sandbox_limits(0);
    EXPECT_EQ(d.cpu_seconds, 30u * 60u);
    EXPECT_EQ(d.address_space, rlim_t{8} << 30);
    EXPECT_EQ(d.file_size, rlim_t{4} << 30);
    EXPECT_EQ(d.processes, 256u);
    EXPECT_EQ(d.core_size, 0u);
    EXPECT_EQ(sandbox_limits(90).cpu_seconds, 90u);
    EXPECT_EQ(sandbox_limits(-1).cpu_seconds, d.cpu_seconds);
}
