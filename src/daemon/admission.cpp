// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of admission.hpp (upstream dcc_check_compiler_whitelist,
// dcc_remap_compiler / DISTCC_CMDLIST, and the -fplugin=/-specs= checks), then the
// argument allow-list (doc/security.md §2).
#include "daemon/admission.hpp"

#include <strings.h>

#include "common/strings.hpp"
#include "compiler/argument_policy.hpp"
#include "compiler/server_argv.hpp"

namespace dcc::daemon {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && ::strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

std::string whitelist_list_text(const std::vector<std::string>& dirs) {
    return strings::join(dirs, " or ");
}

std::optional<Refusal> check_whitelist(const std::string& argv0, const AdmissionPolicy& policy,
                                       const compiler::FileProbe& probe) {
    std::string_view name = whitelist_name(argv0);
    if (name.find('/') != std::string_view::npos)
        return Refusal{"compiler_path", argv0,
                       strings::format("compiler name %s cannot be an absolute path (or must set DISTCC_CMDLIST or "
                                       "pass --enable-tcp-insecure)",
                                       argv0.c_str()),
                       log::Level::critical};
    if (!name.empty() && name != "." && name != "..") {
        for (const std::string& dir : policy.whitelist_dirs) {
            std::string candidate = dir + "/" + std::string(name);
            if (probe.is_executable(candidate) && probe.is_regular_file(candidate)) return std::nullopt;
        }
    }
    return Refusal{"whitelist", argv0,
                   strings::format("%s not in %s whitelist.", argv0.c_str(),
                                   whitelist_list_text(policy.whitelist_dirs).c_str()),
                   log::Level::critical};
}

// Upstream's two argument checks, kept in the compiler layer; the refusal names the
// rule and the first word it is about.
std::optional<Refusal> check_upstream_arguments(const std::vector<std::string>& argv, const AdmissionPolicy& policy,
                                                const compiler::FileProbe& probe) {
    auto policy_for_specs =
        policy.sysroot.empty() ? compiler::SpecsPolicy::refuse : compiler::SpecsPolicy::require_in_sysroot;
    std::optional<std::string_view> sysroot;
    if (!policy.sysroot.empty()) sysroot = policy.sysroot;
    Status checked = compiler::check_server_arguments(argv, policy_for_specs, sysroot, probe);
    if (checked.ok()) return std::nullopt;
    bool plugin = checked.error().message.starts_with("-fplugin");
    std::string_view prefix = plugin ? "-fplugin=" : "-specs=";
    std::string argument;
    for (const std::string& word : argv)
        if (word.starts_with(prefix)) {
            argument = word;
            break;
        }
    return Refusal{plugin ? "plugin" : "specs", argument, checked.error().message, log::Level::warning};
}

// The allow-list for the family of the compiler that would run (after
// DISTCC_CMDLIST), doc/security.md §2.
std::optional<Refusal> check_argument_policy(const std::vector<std::string>& argv) {
    auto refusal = compiler::check_arguments(argv);
    if (!refusal) return std::nullopt;
    return Refusal{compiler::refusal_rule(refusal->kind), std::move(refusal->argument), std::move(refusal->reason),
                   log::Level::warning};
}

}  // namespace

std::vector<std::string> default_whitelist_dirs() {
    std::vector<std::string> dirs{DCC_PREFIX_LIBDIR "/distcc"};
    if (dirs[0] != "/usr/lib/distcc") dirs.emplace_back("/usr/lib/distcc");
    return dirs;
}

std::string missing_whitelist_message(const std::vector<std::string>& dirs) {
    return strings::format("%s not found. You must set up masquerade (see distcc(1)) to list whitelisted compilers "
                           "or pass --enable-tcp-insecure. To set up masquerade automatically run %s.",
                           dirs.empty() ? "" : dirs.front().c_str(), DCC_SBINDIR "/update-distcc-symlinks");
}

std::string_view whitelist_name(std::string_view argv0) {
    for (std::string_view prefix : {std::string_view("/bin/"), std::string_view("/usr/bin/")})
        if (starts_with_ignoring_case(argv0, prefix)) return argv0.substr(prefix.size());
    return argv0;
}

std::optional<Refusal> admit_command(std::vector<std::string>& argv, const AdmissionPolicy& policy,
                                     const compiler::FileProbe& probe) {
    if (argv.empty() || argv[0].empty()) return Refusal{"compiler_path", "", "empty compiler name", log::Level::error};
    if (policy.command_list) {
        auto line = policy.command_list->lookup(argv[0]);
        if (!line)
            return Refusal{"cmdlist", argv[0], strings::format("lookup of %s in DISTCC_CMDLIST failed", argv[0].c_str()),
                           log::Level::warning};
        argv[0] = std::move(*line);
    } else if (policy.check_whitelist) {
        if (auto refusal = check_whitelist(argv[0], policy, probe)) return refusal;
    }
    if (auto refusal = check_upstream_arguments(argv, policy, probe)) return refusal;
    return check_argument_policy(argv);
}

}  // namespace dcc::daemon
