// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sandbox_policy.hpp.
#include "daemon/sandbox_policy.hpp"

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

struct ModeWord {
    SandboxMode mode;
    const char* word;
};
constexpr ModeWord k_mode_words[] = {
    {SandboxMode::automatic, "auto"}, {SandboxMode::required, "required"}, {SandboxMode::off, "off"}};

// "Landlock ABI 7 and seccomp filters are available but do not hide other processes".
std::string other_mechanisms(const KernelSupport& support) {
    std::string landlock = support.landlock_abi > 0 ? strings::format("Landlock ABI %d", support.landlock_abi)
                                                    : std::string("no Landlock");
    return strings::format("%s, %s seccomp filters", landlock.c_str(), support.seccomp_filter ? "with" : "without");
}

}  // namespace

std::optional<SandboxMode> parse_sandbox_mode(std::string_view word) {
    for (const ModeWord& m : k_mode_words)
        if (word == m.word) return m.mode;
    return std::nullopt;
}

const char* sandbox_mode_name(SandboxMode mode) {
    for (const ModeWord& m : k_mode_words)
        if (m.mode == mode) return m.word;
    return "?";
}

SandboxDecision decide_sandbox(SandboxMode mode, const KernelSupport& support) {
    SandboxDecision decision;
    if (mode == SandboxMode::off) {
        decision.message = "--sandbox=off: compilers run unconfined";
        return decision;
    }
    if (support.namespaces) {
        decision.confinement = Confinement::namespaces;
        decision.message = "compilers run in a sandbox (user, mount, network, PID, IPC and UTS namespaces)";
        return decision;
    }
    std::string why = strings::format("no sandbox for compilers: %s (kernel has %s)",
                                      support.namespaces_problem.c_str(), other_mechanisms(support).c_str());
    if (mode == SandboxMode::required) {
        decision.refusal = make_error(ExitCode::distcc_failed, "--sandbox=required: " + why);
        decision.level = log::Level::critical;
        decision.message = decision.refusal->message;
        return decision;
    }
    decision.level = log::Level::warning;
    decision.message = why + "; compilers run unconfined (--sandbox=required refuses to start instead)";
    return decision;
}

}  // namespace dcc::daemon
