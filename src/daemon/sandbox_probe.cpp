// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sandbox_probe.hpp.
#include "daemon/sandbox_probe.hpp"

#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/files.hpp"
#include "common/cleanup.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"
#include "daemon/sandbox.hpp"

namespace dcc::daemon {
namespace {

// The first word of a /proc/sys file, "" when it does not exist.
std::string sysctl(const char* path) {
    auto text = files::read_file(path, 64);
    if (!text) return "";
    auto words = strings::split_any(*text, " \t\n");
    return words.empty() ? "" : words.front();
}

// The sysctl that most likely made the trial fail, "" when none looks guilty.
std::string sysctl_hint() {
    if (sysctl("/proc/sys/kernel/unprivileged_userns_clone") == "0") return "kernel.unprivileged_userns_clone is 0";
    if (sysctl("/proc/sys/user/max_user_namespaces") == "0") return "user.max_user_namespaces is 0";
    if (sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1")
        return "kernel.apparmor_restrict_unprivileged_userns is 1";
    return "";
}

// Empty when a sandbox starts, else why not.
std::string trial_sandbox(const std::string& tmpdir) {
    auto dir = make_temp_dir(tmpdir, "distccd-probe");
    if (!dir) return dir.error().message;
    std::string problem;
    {
        Sandbox::Settings settings{plan_layout(*dir, tmpdir), sandbox_limits(0), {}};
        auto sandbox = Sandbox::start(settings);
        if (!sandbox) problem = sandbox.error().message;
    }
    cleanup::remove_tree(dir->c_str());
    cleanup::forget(*dir);
    if (!problem.empty()) {
        std::string hint = sysctl_hint();
        if (!hint.empty()) problem += " (" + hint + ")";
    }
    return problem;
}

int landlock_abi() {
    long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi > 0 ? static_cast<int>(abi) : 0;
}

}  // namespace

KernelSupport probe_kernel_support(const std::string& tmpdir) {
    KernelSupport support;
    support.namespaces_problem = trial_sandbox(tmpdir);
    support.namespaces = support.namespaces_problem.empty();
    support.landlock_abi = landlock_abi();
    support.seccomp_filter = ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
    return support;
}

}  // namespace dcc::daemon
