// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of pump_plan.hpp (upstream dcc_build_somewhere's pump branch and
// dcc_get_pump_hosts' preconditions).
#include "client/pump_plan.hpp"

#include "client/discrepancy.hpp"
#include "client/include_server_client.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "compiler/source_kind.hpp"

namespace dcc::client {
namespace {

constexpr const char* k_include_server_failed = "failed to get includes from include server, preprocessing locally";

PumpRefusal refuse(std::string warning) {
    PumpRefusal refusal;
    refusal.warning = std::move(warning);
    return refusal;
}

PumpRefusal include_server_failure(const Config& config, const std::string& why) {
    PumpRefusal refusal = refuse(strings::format("%s: %s", k_include_server_failed, why.c_str()));
    refusal.include_server_failed = true;
    refusal.fatal = config.env.boolean_or(env::Var::distcc_testing_include_server, false);
    return refusal;
}

// The reply paths: INCLUDE_SERVER_STUB's words (testing), else the include server's.
Result<std::vector<std::string>> mirror_paths(const Config& config, const std::string& cwd,
                                              const std::vector<std::string>& argv) {
    if (auto stub = config.env.get(env::Var::include_server_stub); stub && !stub->empty())
        return strings::split_any(*stub, " \t\n");
    auto port = config.env.get(env::Var::include_server_port);
    if (!port || port->empty())
        return make_error(ExitCode::distcc_failed, "INCLUDE_SERVER_PORT not set - did you forget to run under 'pump'?");
    return ask_include_server(std::string(*port), cwd, argv, config.io_timeout_ms());
}

}  // namespace

std::vector<std::string> pump_server_argv(const compiler::ScanResult& scan, const compiler::DotdInfo& dotd) {
    std::vector<std::string> argv = scan.argv;
    if (dotd.needed && !dotd.sets_target) {
        argv.push_back("-MT");
        argv.push_back(compiler::pump_dotd_target(scan, dotd));
    }
    return argv;
}

std::variant<PumpPlan, PumpRefusal> plan_pump_job(const compiler::ScanResult& scan, const Config& config) {
    auto port = config.env.get(env::Var::include_server_port);
    if (port) {
        if (auto counter = discrepancy_counter_path(*port)) {
            std::size_t count = read_discrepancy_count(*counter);
            int max = config.max_discrepancy.ok() ? config.max_discrepancy.value() : 1;
            if (discrepancy_limit_reached(count, max))
                return refuse(strings::format("pump mode demoted to plain mode after %zu discrepancies "
                                              "(DISTCC_MAX_DISCREPANCY=%d), preprocessing locally",
                                              count, max));
        }
    }
    if (compiler::is_preprocessed(scan.input))
        return refuse("cannot use distcc_pump on already preprocessed file (such as emitted by ccache)");
    for (env::Var var : {env::Var::cpath, env::Var::c_include_path, env::Var::cplus_include_path}) {
        if (config.env.is_set(var))
            return refuse(strings::format("%s is set, preprocessing locally", env::info(var).name));
    }
    std::string cwd = path::current_directory();
    if (cwd.empty()) return include_server_failure(config, "cannot determine the current directory");
    auto paths = mirror_paths(config, cwd, scan.argv);
    if (!paths) return include_server_failure(config, paths.error().message);
    if (paths->empty()) return include_server_failure(config, "include server gave up analyzing");
    auto entries = read_mirror_entries(*paths);
    if (!entries) return include_server_failure(config, entries.error().message);

    PumpPlan plan;
    compiler::DotdInfo dotd = compiler::dotd_info(scan, config.env.get(env::Var::dependencies_output));
    plan.server_argv = pump_server_argv(scan, dotd);
    plan.payload.cwd = std::move(cwd);
    if (dotd.needed) plan.payload.dotd_path = dotd.file_name;
    plan.payload.files.reserve(entries->size());
    for (const MirrorEntry& entry : *entries) plan.payload.files.push_back(entry.wire);
    plan.entries = std::move(*entries);
    return plan;
}

}  // namespace dcc::client
