// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sandbox_plan.hpp.
#include "daemon/sandbox_plan.hpp"

namespace dcc::daemon {
namespace {

constexpr rlim_t k_gib = rlim_t{1} << 30;
constexpr rlim_t k_default_cpu_seconds = 30 * 60;
constexpr rlim_t k_address_space = 8 * k_gib;
constexpr rlim_t k_file_size = 4 * k_gib;
constexpr rlim_t k_processes = 256;

std::string without_trailing_slashes(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

}  // namespace

SandboxLayout plan_layout(const std::string& job_dir, const std::string& tmpdir) {
    std::string covered = without_trailing_slashes(tmpdir);
    SandboxLayout layout;
    layout.job_dir = without_trailing_slashes(job_dir);
    layout.inside_dir = covered.empty() || covered == "/" ? layout.job_dir : covered;
    return layout;
}

std::string inside_path(const SandboxLayout& layout, const std::string& path) {
    const std::string& dir = layout.job_dir;
    if (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/')
        return layout.inside_dir + path.substr(dir.size());
    if (path == dir) return layout.inside_dir;
    return path;
}

std::vector<MountStep> plan_mounts(const SandboxLayout& layout) {
    using K = MountStep::Kind;
    return {
        {K::make_private, "", "/"},
        // Copied before the root turns read-only, so the copy keeps the job
        // directory's own (writable) mount flags.
        {K::detach_copy, layout.job_dir, ""},
        {K::make_read_only, "", "/"},
        {K::attach_copy, "", layout.inside_dir},
        {K::mount_proc, "", "/proc"},
    };
}

SandboxLimits sandbox_limits(int job_lifetime_sec) {
    rlim_t cpu = job_lifetime_sec > 0 ? static_cast<rlim_t>(job_lifetime_sec) : k_default_cpu_seconds;
    return SandboxLimits{cpu, k_address_space, k_file_size, k_processes, 0};
}

}  // namespace dcc::daemon
